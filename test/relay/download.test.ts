import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { AttachmentDownloader } from '../../src/relay/download.js';
import {
  RelayCancelledError,
  RelayDownloadFailedError,
  RelaySourceExpiredError,
  RelaySourceNotAllowedError,
  RelayTooLargeError,
} from '../../src/relay/errors.js';
import { makeTempDir } from '../support/temp-dir.js';
import { CdnServer, redirectTo, respondWith, sendBytes, stallAfter } from './cdn-server.js';

const MAX_BYTES = 4 * 1024 * 1024;

let cdn: CdnServer;
let downloader: AttachmentDownloader;
let temp: { dir: string; remove: () => Promise<void> };

beforeAll(async () => {
  cdn = await CdnServer.start();
  downloader = new AttachmentDownloader({
    allowedHosts: ['127.0.0.1'],
    allowHttp: true,
    maxBytes: MAX_BYTES,
    timeouts: { connectMs: 2_000, headersMs: 2_000, bodyMs: 300 },
  });
});

afterAll(async () => {
  await downloader.close();
  await cdn.close();
});

beforeEach(async () => {
  temp = await makeTempDir('relay-download');
  cdn.requests.length = 0;
});

afterEach(async () => {
  await temp.remove();
});

function target(): string {
  return path.join(temp.dir, 'spooled.part');
}

function sha1(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}

describe('AttachmentDownloader', () => {
  it('downloads the bytes with their SHA-1 and size', async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 123);
    const url = cdn.route('/attachments/1/2/clip.mp4', sendBytes(bytes));
    const progress: Array<[number, number | null]> = [];

    const result = await downloader.download({
      url,
      file: target(),
      declaredSize: bytes.length,
      onProgress: (received, total) => progress.push([received, total]),
    });

    expect(result.sha1).toBe(sha1(bytes));
    expect(result.size).toBe(bytes.length);
    expect(result.contentType).toBe('video/mp4');
    expect(result.file).toBe(target());
    expect((await readFile(target())).equals(bytes)).toBe(true);
    expect(progress.at(-1)).toEqual([bytes.length, bytes.length]);
    expect(
      progress.every(([received], index) => index === 0 || received > (progress[index - 1]?.[0] ?? 0)),
    ).toBe(true);
  });

  it('reports the declared size as total without Content-Length', async () => {
    const bytes = randomBytes(200_000);
    const url = cdn.route('/attachments/1/2/chunked.mp4', sendBytes(bytes, { chunked: true }));
    const totals = new Set<number | null>();

    const result = await downloader.download({
      url,
      file: target(),
      declaredSize: 200_000,
      onProgress: (_received, total) => totals.add(total),
    });

    expect(result.sha1).toBe(sha1(bytes));
    expect([...totals]).toEqual([200_000]);
  });

  it('rejects a declared size over the cap before any request', async () => {
    const url = cdn.route('/attachments/1/2/big.mp4', sendBytes(randomBytes(1024)));

    const error = await downloader
      .download({ url, file: target(), declaredSize: MAX_BYTES + 1 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RelayTooLargeError);
    expect((error as RelayTooLargeError).code).toBe('RELAY_TOO_LARGE');
    expect((error as RelayTooLargeError).size).toBe(MAX_BYTES + 1);
    expect((error as RelayTooLargeError).userMessage).toBe(
      'The file is larger than 4 MB, the maximum this bot relays.',
    );
    expect(cdn.requests).toEqual([]);
    expect(existsSync(target())).toBe(false);
  });

  it('rejects a Content-Length over the cap without writing', async () => {
    const bytes = randomBytes(MAX_BYTES + 600_000);
    const url = cdn.route('/attachments/1/2/lying.mp4', sendBytes(bytes));

    const error = await downloader
      .download({ url, file: target(), declaredSize: 1000 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RelayTooLargeError);
    expect((error as RelayTooLargeError).size).toBe(bytes.length);
    expect((error as RelayTooLargeError).userMessage).toBe(
      'The file is 4.6 MB; this bot relays files up to 4 MB.',
    );
    expect(existsSync(target())).toBe(false);
  });

  it('stops at the cap when more bytes arrive than declared', async () => {
    const bytes = randomBytes(MAX_BYTES + 500_000);
    const url = cdn.route('/attachments/1/2/endless.mp4', sendBytes(bytes, { chunked: true }));
    let maxReceived = 0;

    const error = await downloader
      .download({
        url,
        file: target(),
        declaredSize: 1000,
        onProgress: (received) => (maxReceived = Math.max(maxReceived, received)),
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RelayTooLargeError);
    expect((error as RelayTooLargeError).size).toBeNull();
    expect(maxReceived).toBeLessThanOrEqual(MAX_BYTES);
    expect(maxReceived).toBeGreaterThan(MAX_BYTES - 65_536);
    expect(existsSync(target())).toBe(false);
    expect(await readdir(temp.dir)).toEqual([]);
  });

  it('follows a redirect to an allowed host', async () => {
    const bytes = randomBytes(10_000);
    const finalUrl = cdn.route('/attachments/1/2/moved.mp4', sendBytes(bytes));
    const url = cdn.route('/attachments/1/2/old.mp4', redirectTo(finalUrl, 307));

    const result = await downloader.download({ url, file: target() });

    expect(result.sha1).toBe(sha1(bytes));
    expect(cdn.requests).toEqual(['/attachments/1/2/old.mp4', '/attachments/1/2/moved.mp4']);
  });

  it('rejects a redirect to a host not allowed', async () => {
    const port = new URL(cdn.origin).port;
    const url = cdn.route(
      '/attachments/1/2/away.mp4',
      redirectTo(`http://localhost:${port}/attachments/1/2/x.mp4`),
    );

    const error = await downloader.download({ url, file: target() }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RelaySourceNotAllowedError);
    expect((error as RelaySourceNotAllowedError).code).toBe('RELAY_SOURCE_NOT_ALLOWED');
    expect((error as RelaySourceNotAllowedError).origin).toBe(`http://localhost:${port}`);
    expect((error as RelaySourceNotAllowedError).userMessage).toBe(
      "This bot relays only attachments stored on Discord's CDN.",
    );
    expect(cdn.requests).toEqual(['/attachments/1/2/away.mp4']);
    expect(existsSync(target())).toBe(false);
  });

  it('gives up after three redirects', async () => {
    const url = cdn.route('/attachments/1/2/loop.mp4', redirectTo('/attachments/1/2/loop.mp4'));

    const error = await downloader.download({ url, file: target() }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RelayDownloadFailedError);
    expect((error as RelayDownloadFailedError).message).toBe(
      `More than 3 redirects from ${cdn.origin}/attachments/1/2/loop.mp4`,
    );
    expect(cdn.requests).toHaveLength(4);
  });

  it('rejects hosts and schemes outside the policy', async () => {
    const strict = new AttachmentDownloader({ allowedHosts: ['cdn.discordapp.com'], maxBytes: MAX_BYTES });
    const cases = [
      [`${cdn.origin}/attachments/1/2/a.mp4`, cdn.origin],
      ['http://cdn.discordapp.com/attachments/1/2/a.mp4', 'http://cdn.discordapp.com'],
      ['https://evil.cdn.discordapp.com/a.mp4', 'https://evil.cdn.discordapp.com'],
      ['https://user:pw@cdn.discordapp.com/a.mp4', 'https://cdn.discordapp.com'],
      ['not a url', '(invalid URL)'],
    ] as const;

    for (const [url, origin] of cases) {
      const error = await strict.download({ url, file: target() }).catch((caught: unknown) => caught);
      expect(error, url).toBeInstanceOf(RelaySourceNotAllowedError);
      expect((error as RelaySourceNotAllowedError).origin, url).toBe(origin);
    }

    await strict.close();
    expect(cdn.requests).toEqual([]);
  });

  it('reports an expired URL as RELAY_SOURCE_EXPIRED', async () => {
    const url = `${cdn.origin}/attachments/1/2/gone.mp4?ex=1&is=2&hm=3`;

    const error = await downloader.download({ url, file: target() }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RelaySourceExpiredError);
    expect((error as RelaySourceExpiredError).code).toBe('RELAY_SOURCE_EXPIRED');
    expect((error as RelaySourceExpiredError).httpStatus).toBe(404);
    expect((error as RelaySourceExpiredError).message).toBe(
      `Attachment URL ${cdn.origin}/attachments/1/2/gone.mp4 returned HTTP 404`,
    );
    expect(existsSync(target())).toBe(false);
  });

  it('reports 403 as expired and 500 as failed', async () => {
    const forbidden = cdn.route('/attachments/1/2/forbidden.mp4', respondWith(403));
    const broken = cdn.route('/attachments/1/2/broken.mp4', respondWith(500, 'oops'));

    const expired = await downloader
      .download({ url: forbidden, file: target() })
      .catch((caught: unknown) => caught);
    const failed = await downloader
      .download({ url: broken, file: target() })
      .catch((caught: unknown) => caught);

    expect(expired).toBeInstanceOf(RelaySourceExpiredError);
    expect((expired as RelaySourceExpiredError).httpStatus).toBe(403);
    expect(failed).toBeInstanceOf(RelayDownloadFailedError);
    expect((failed as RelayDownloadFailedError).httpStatus).toBe(500);
    expect((failed as RelayDownloadFailedError).userMessage).toBe(
      'The bot could not download the attachment from Discord. Try again in a minute.',
    );
  });

  it('removes the file when aborted mid-download', async () => {
    const url = cdn.route('/attachments/1/2/slow.mp4', stallAfter(100_000, 1_000_000));
    const controller = new AbortController();
    const patient = new AttachmentDownloader({
      allowedHosts: ['127.0.0.1'],
      allowHttp: true,
      maxBytes: MAX_BYTES,
      timeouts: { connectMs: 2_000, headersMs: 2_000, bodyMs: 10_000 },
    });
    let sawBytes = false;

    const error = await patient
      .download({
        url,
        file: target(),
        signal: controller.signal,
        onProgress: () => {
          sawBytes = true;
          setTimeout(() => controller.abort(), 50);
        },
      })
      .catch((caught: unknown) => caught);

    await patient.close();
    expect(sawBytes).toBe(true);
    expect(error).toBeInstanceOf(RelayCancelledError);
    expect((error as RelayCancelledError).code).toBe('RELAY_CANCELLED');
    expect((error as RelayCancelledError).reason).toBe('user');
    expect(existsSync(target())).toBe(false);
  });

  it('keeps the reason a queue aborted with', async () => {
    const url = cdn.route('/attachments/1/2/stalled.mp4', stallAfter(10, 1000));
    const controller = new AbortController();
    controller.abort(new RelayCancelledError('shutdown'));

    const error = await downloader
      .download({ url, file: target(), signal: controller.signal })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RelayCancelledError);
    expect((error as RelayCancelledError).reason).toBe('shutdown');
    expect(existsSync(target())).toBe(false);
  });

  it('fails on a stalled body after the body timeout', async () => {
    const url = cdn.route('/attachments/1/2/stall.mp4', stallAfter(50_000, 500_000));

    const error = await downloader.download({ url, file: target() }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RelayDownloadFailedError);
    expect((error as RelayDownloadFailedError).message).toBe(
      `Download of ${cdn.origin}/attachments/1/2/stall.mp4 failed: UND_ERR_BODY_TIMEOUT`,
    );
    expect(existsSync(target())).toBe(false);
  });

  it('fails when nothing listens', async () => {
    const closed = await CdnServer.start();
    const url = closed.route('/attachments/1/2/none.mp4', respondWith(200));
    await closed.close();

    const error = await downloader.download({ url, file: target() }).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RelayDownloadFailedError);
    expect((error as RelayDownloadFailedError).httpStatus).toBeNull();
    expect((error as RelayDownloadFailedError).message).toMatch(/failed: (ECONNREFUSED|UND_ERR_SOCKET)$/);
  });
});
