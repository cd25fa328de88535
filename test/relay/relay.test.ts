import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { HostClient } from '../../src/host/client.js';
import { HostConnection } from '../../src/host/connection.js';
import { AttachmentDownloader } from '../../src/relay/download.js';
import {
  RelayCancelledError,
  RelaySourceExpiredError,
  RelayTooLargeError,
  RelayUploadFailedError,
} from '../../src/relay/errors.js';
import type { RelayProgressEvent, RetryingEvent } from '../../src/relay/progress-event.js';
import { relayAttachment, type RelayAttachmentOptions } from '../../src/relay/relay.js';
import type { RelayUploadClient } from '../../src/relay/upload-retry.js';
import { FakeHost, type FakeAccount, type HostEndpoint } from '../fakes/host/fake-host.js';
import { makeTempDir } from '../support/temp-dir.js';
import { CdnServer, sendBytes } from './cdn-server.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/testsrc-640x360.mp4', import.meta.url));
const video = await readFile(FIXTURE);
const videoSha1 = createHash('sha1').update(video).digest('hex');

const QUICK_RETRY = { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 };

let cdn: CdnServer;
let fake: FakeHost;
let connection: HostConnection;
let account: FakeAccount;
let client: HostClient;
let downloader: AttachmentDownloader;
let temp: { dir: string; remove: () => Promise<void> };
let events: RelayProgressEvent[];

async function start(options: { uploadStyle?: 'ticket' | 'direct'; headersMs?: number } = {}): Promise<void> {
  cdn = await CdnServer.start();
  fake = await FakeHost.start({ uploadStyle: options.uploadStyle ?? 'ticket', encodingDurationMs: 0 });
  connection = new HostConnection({
    apiUrl: fake.apiUrl,
    uploadUrl: fake.uploadUrl,
    requireHttps: false,
    timeouts: { connectMs: 2_000, headersMs: options.headersMs ?? 5_000, bodyMs: 5_000 },
    retry: { attempts: 0, baseDelayMs: 5, maxDelayMs: 20 },
  });
  account = fake.addAccount();
  client = connection.forUser({ login: account.login, key: account.key });
  downloader = new AttachmentDownloader({
    allowedHosts: ['127.0.0.1'],
    allowHttp: true,
    maxBytes: 10 * 1024 * 1024,
  });
  temp = await makeTempDir('relay');
  events = [];
}

afterEach(async () => {
  await downloader.close();
  await connection.destroy();
  await fake.close();
  await cdn.close();
  await temp.remove();
});

function relayOptions(overrides: Partial<RelayAttachmentOptions> = {}): RelayAttachmentOptions {
  const url = cdn.route('/attachments/10/20/clip.mp4', sendBytes(video));
  return {
    source: { url, name: 'clip.mp4', size: video.length, contentType: 'video/mp4' },
    client,
    downloader,
    spoolDir: path.join(temp.dir, 'spool'),
    onProgress: (event) => events.push(event),
    retry: QUICK_RETRY,
    random: () => 0.5,
    ...overrides,
  };
}

async function spoolFiles(): Promise<string[]> {
  return readdir(path.join(temp.dir, 'spool')).catch(() => []);
}

function requestsTo(endpoint: HostEndpoint, method: string): number {
  return fake.requests.filter((request) => request.endpoint === endpoint && request.method === method).length;
}

describe('relayAttachment', () => {
  describe.each(['ticket', 'direct'] as const)('with %s uploads', (uploadStyle) => {
    beforeEach(async () => {
      await start({ uploadStyle });
    });

    it('relays the attachment to the host', async () => {
      const folderId = fake.addFolder(account.login, { name: 'clips' });

      const result = await relayAttachment(relayOptions({ folderId }));

      expect(result).toEqual({
        fileId: expect.stringMatching(/^[A-Z0-9]{10}$/) as unknown,
        link: result.link,
        size: video.length,
        sha1: videoSha1,
        attempts: 1,
        resolvedBy: 'id',
      });
      expect(fake.uploads()).toEqual([
        {
          fileId: result.fileId,
          login: account.login,
          name: 'clip.mp4',
          size: video.length,
          sha1: videoSha1,
          folderId,
          width: 640,
          height: 360,
        },
      ]);
      expect(await spoolFiles()).toEqual([]);
      expect(events[0]?.phase).toBe('downloading');
      expect(events.at(-1)).toEqual({
        phase: 'done',
        bytes: video.length,
        total: video.length,
        fileId: result.fileId,
        link: result.link,
      });
      expect(events.filter((event) => event.phase === 'uploading').at(-1)).toEqual({
        phase: 'uploading',
        bytes: video.length,
        total: video.length,
        attempt: 1,
        maxAttempts: 4,
      });
    });
  });

  describe('with a failing host', () => {
    beforeEach(async () => {
      await start();
    });

    it('retries 502 twice and uploads once', async () => {
      fake.fail('upload/ticket', { kind: 'json-error', httpStatus: 502, status: 502, msg: 'Bad gateway' }, 2);

      const result = await relayAttachment(relayOptions());

      expect(result.attempts).toBe(3);
      expect(result.sha1).toBe(videoSha1);
      expect(fake.uploads()).toHaveLength(1);
      expect(fake.uploads()[0]?.fileId).toBe(result.fileId);
      expect(requestsTo('upload/ticket', 'POST')).toBe(3);
      expect(events.filter((event): event is RetryingEvent => event.phase === 'retrying')).toEqual([
        {
          phase: 'retrying',
          bytes: 0,
          total: video.length,
          attempt: 1,
          maxAttempts: 4,
          delayMs: 4,
          errorCode: 'HOST_SERVER_ERROR',
        },
        {
          phase: 'retrying',
          bytes: 0,
          total: video.length,
          attempt: 2,
          maxAttempts: 4,
          delayMs: 8,
          errorCode: 'HOST_SERVER_ERROR',
        },
      ]);
      expect(await spoolFiles()).toEqual([]);
    });

    it('does not retry a SHA-1 mismatch', async () => {
      const wrongSha1: RelayUploadClient = {
        upload: (input) => client.upload({ ...input, sha1: '0'.repeat(40) }),
      };

      const error = await relayAttachment(relayOptions({ client: wrongSha1 })).catch(
        (caught: unknown) => caught,
      );

      expect(error).toBeInstanceOf(RelayUploadFailedError);
      expect((error as RelayUploadFailedError).code).toBe('RELAY_UPLOAD_FAILED');
      expect((error as RelayUploadFailedError).hostCode).toBe('HOST_BAD_REQUEST');
      expect((error as RelayUploadFailedError).attempts).toBe(1);
      expect(requestsTo('upload/ticket', 'POST')).toBe(1);
      expect(fake.uploads().map((upload) => upload.fileId)).toEqual([null]);
      expect(events.some((event) => event.phase === 'retrying')).toBe(false);
      expect(await spoolFiles()).toEqual([]);
    });

    it('cancels during the wait before a retry', async () => {
      fake.fail('upload/ticket', { kind: 'json-error', httpStatus: 503, status: 503, msg: 'Busy' }, 1);
      const controller = new AbortController();

      const error = await relayAttachment(
        relayOptions({
          signal: controller.signal,
          retry: { attempts: 4, baseDelayMs: 20_000, maxDelayMs: 20_000 },
          onProgress: (event) => {
            if (event.phase === 'retrying') controller.abort();
          },
        }),
      ).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(RelayCancelledError);
      expect(requestsTo('upload/ticket', 'POST')).toBe(1);
      expect(fake.uploads()).toEqual([]);
      expect(await spoolFiles()).toEqual([]);
    });

    it('rejects an expired source without uploading', async () => {
      const options = relayOptions();
      const expired = { ...options.source, url: `${cdn.origin}/attachments/10/20/gone.mp4?ex=1&is=2&hm=3` };

      const error = await relayAttachment({ ...options, source: expired }).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(RelaySourceExpiredError);
      expect(fake.requests).toEqual([]);
      expect(await spoolFiles()).toEqual([]);
    });

    it('rejects a declared size over the cap without downloading', async () => {
      const options = relayOptions();
      const huge = { ...options.source, size: 11 * 1024 * 1024 };

      const error = await relayAttachment({ ...options, source: huge }).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(RelayTooLargeError);
      expect((error as RelayTooLargeError).userMessage).toBe(
        'The file is 11 MB; this bot relays files up to 10 MB.',
      );
      expect(cdn.requests).toEqual([]);
      expect(await spoolFiles()).toEqual([]);
    });
  });

  describe('with a hanging host', () => {
    beforeEach(async () => {
      await start({ headersMs: 300 });
    });

    it('times out each attempt and removes the spool file', async () => {
      fake.fail('upload/ticket', { kind: 'hang' }, 2);

      const error = await relayAttachment(
        relayOptions({ retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 20 } }),
      ).catch((caught: unknown) => caught);

      expect(error).toBeInstanceOf(RelayUploadFailedError);
      expect((error as RelayUploadFailedError).hostCode).toBe('HOST_UNAVAILABLE');
      expect((error as RelayUploadFailedError).attempts).toBe(2);
      expect((error as RelayUploadFailedError).userMessage).toBe(
        'The bot tried the upload 2 times. The host could not be reached or did not answer in time. Try again in a few minutes.',
      );
      expect(requestsTo('upload/ticket', 'POST')).toBe(2);
      expect(fake.uploads()).toEqual([]);
      expect(await spoolFiles()).toEqual([]);
    });
  });

  it('relays a chunked attachment of unknown size', async () => {
    await start();
    const big = randomBytes(8 * 1024 * 1024);
    const url = cdn.route('/attachments/10/20/big.bin', sendBytes(big, { chunked: true }));

    const result = await relayAttachment(
      relayOptions({ source: { url, name: 'big.bin', size: null, contentType: null } }),
    );

    expect(result.sha1).toBe(createHash('sha1').update(big).digest('hex'));
    expect(fake.uploads()[0]?.size).toBe(big.length);
    expect(fake.uploads()[0]?.sha1).toBe(result.sha1);
  });
});
