import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { UploadResolution } from '../../src/host/types.js';
import { makeTempDir } from '../support/temp-dir.js';
import { writeRandomFile, type TestFile } from './support/files.js';
import {
  DISTINCT_KEY,
  DISTINCT_LOGIN,
  expectNoSecrets,
  rejectionOf,
  requestsTo,
  startHarness,
  type Harness,
} from './support/harness.js';

const BIG = 20 * 1024 * 1024;

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let big: TestFile;
let small: TestFile;
let harness: Harness | undefined;

beforeAll(async () => {
  temp = await makeTempDir('host-upload');
  big = await writeRandomFile(temp.dir, 'big.bin', BIG);
  small = await writeRandomFile(temp.dir, 'small.bin', 4096);
});

afterAll(async () => {
  await temp.remove();
});

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(uploadStyle: 'ticket' | 'direct'): Promise<Harness> {
  harness = await startHarness({ fake: { uploadStyle } });
  return harness;
}

function methodsSeen(h: Harness): string[] {
  return h.fake.requests.map((request) => `${request.method} ${request.endpoint} ${request.httpStatus}`);
}

describe.each(['ticket', 'direct'] as const)('20 MB upload, %s style', (style) => {
  test('streams with SHA-1 checked', async () => {
    const h = await start(style);
    const progress: Array<[number, number]> = [];

    const result = await h.client.upload({
      path: big.path,
      name: 'big.mp4',
      size: big.size,
      sha1: big.sha1,
      contentType: 'video/mp4',
      onProgress: (sent, total) => progress.push([sent, total]),
    });

    const [stored] = h.fake.uploads();
    expect(h.fake.uploads()).toHaveLength(1);
    expect(stored).toEqual({
      fileId: result.fileId,
      login: DISTINCT_LOGIN,
      name: 'big.mp4',
      size: BIG,
      sha1: big.sha1,
      folderId: '0',
      width: null,
      height: null,
    });
    expect(result).toEqual({ fileId: stored?.fileId, link: null, resolvedBy: 'id' });

    expect(progress.at(-1)).toEqual([BIG, BIG]);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress.every(([sent], index) => index === 0 || sent > (progress[index - 1]?.[0] ?? 0))).toBe(
      true,
    );

    // Both styles respond to the ticket request with HTTP 200, and the direct style's envelope is 400.
    const post = style === 'ticket' ? 'POST upload/ticket 200' : 'POST upload 200';
    expect(methodsSeen(h)).toEqual(['GET upload 200', post]);
    expect(requestsTo(h.fake, 'upload')[0]?.query).toEqual({
      login: DISTINCT_LOGIN,
      key: DISTINCT_KEY,
      sha1: big.sha1,
    });
  });

  test('SHA-1 mismatch rejected', async () => {
    const h = await start(style);

    const error = await rejectionOf(
      h.client.upload({ path: big.path, name: 'big.mp4', size: big.size, sha1: small.sha1 }),
    );

    expect(error.code).toBe('HOST_BAD_REQUEST');
    expect(error.endpoint).toBe('upload');
    expect(error.envelopeStatus).toBe(400);
    expect(error.hostMessage).toBe(`sha1 mismatch: expected ${small.sha1}, received ${big.sha1}`);
    expect(error.retryable).toBe(false);
    expect(h.fake.uploads().map((upload) => [upload.fileId, upload.sha1])).toEqual([[null, big.sha1]]);
    expectNoSecrets(error);
  });
});

describe('new file ID', () => {
  test.each([
    ['id', 'id'],
    ['linkextid', 'linkextid'],
    ['link', 'link'],
    ['none', 'listfolder'],
  ] as const)('from %s', async (resultStyle, resolvedBy: UploadResolution) => {
    const h = await start('ticket');
    h.fake.uploadResultStyle = resultStyle;

    const result = await h.client.upload({ path: small.path, name: 'small.mp4', size: small.size });

    const fileId = h.fake.uploads()[0]?.fileId;
    expect(fileId).toMatch(/^[A-Z0-9]{10}$/);
    expect(result.fileId).toBe(fileId);
    expect(result.resolvedBy).toBe(resolvedBy);
    if (resultStyle === 'link' || resultStyle === 'none') {
      expect(result.link).toMatch(new RegExp(`/v/${fileId}$`));
    }
    expect(requestsTo(h.fake, 'file/listfolder')).toHaveLength(resultStyle === 'none' ? 1 : 0);
  });

  test('looked up in the upload folder, newest first', async () => {
    const h = await start('direct');
    h.fake.uploadResultStyle = 'none';
    const folderId = h.fake.addFolder(h.account.login, { name: 'uploads' });
    const older = h.fake.addFile(h.account.login, {
      name: 'small.mp4',
      folderId,
      uploadedAt: Date.now() - 3600_000,
    });

    const result = await h.client.upload({
      path: small.path,
      name: 'small.mp4',
      size: small.size,
      folderId,
      httpOnly: true,
    });

    expect(result.fileId).not.toBe(older);
    expect(result.fileId).toBe(h.fake.uploads()[0]?.fileId);
    expect(h.fake.uploads()[0]?.folderId).toBe(folderId);
    expect(requestsTo(h.fake, 'upload')[1]?.query).toMatchObject({ folder: folderId, httponly: 'true' });
    expect(requestsTo(h.fake, 'file/listfolder')[0]?.query).toMatchObject({ folder_id: folderId, mode: '1' });
  });
});

describe('failures', () => {
  test('abort during upload', async () => {
    const h = await start('ticket');
    const controller = new AbortController();
    let last = 0;

    const error = await rejectionOf(
      h.client.upload({
        path: big.path,
        name: 'big.mp4',
        size: big.size,
        signal: controller.signal,
        onProgress: (sent) => {
          last = sent;
          if (sent > 5 * 1024 * 1024) controller.abort();
        },
      }),
    );

    expect(error.code).toBe('HOST_ABORTED');
    expect(error.name).toBe('AbortError');
    expect(error.userMessage).toBe('The upload was cancelled.');
    expect(last).toBeLessThan(BIG);
    expect(h.fake.uploads()).toEqual([]);
    expect(requestsTo(h.fake, 'upload/ticket')).toHaveLength(1);
    expectNoSecrets(error);
  });

  test('abort before the upload sends nothing', async () => {
    const h = await start('ticket');
    const controller = new AbortController();
    controller.abort();

    const error = await rejectionOf(
      h.client.upload({ path: small.path, name: 'small.mp4', size: small.size, signal: controller.signal }),
    );

    expect(error.code).toBe('HOST_ABORTED');
    expect(h.fake.requests).toHaveLength(0);
  });

  test('POST not retried after a 502', async () => {
    const h = await start('ticket');
    h.fake.fail('upload/ticket', { kind: 'html', httpStatus: 502 });

    const error = await rejectionOf(h.client.upload({ path: big.path, name: 'big.mp4', size: big.size }));

    expect(error.code).toBe('HOST_UNAVAILABLE');
    expect(error.httpStatus).toBe(502);
    expect(error.retryable).toBe(true);
    expect(requestsTo(h.fake, 'upload/ticket')).toHaveLength(1);
    expect(h.retries).toEqual([]);
    expect(h.fake.uploads()).toEqual([]);
  });

  test('ticket request retried after a 502', async () => {
    const h = await start('ticket');
    h.fake.fail('upload', { kind: 'html', httpStatus: 502 });

    const result = await h.client.upload({ path: small.path, name: 'small.mp4', size: small.size });

    expect(result.resolvedBy).toBe('id');
    expect(methodsSeen(h)).toEqual(['GET upload 502', 'GET upload 200', 'POST upload/ticket 200']);
    expect(h.retries.map((event) => [event.endpoint, event.code])).toEqual([['upload', 'HOST_UNAVAILABLE']]);
  });

  test('wrong key on the ticket request', async () => {
    const h = await start('ticket');
    const client = h.connection.forUser({ login: DISTINCT_LOGIN, key: 'NotTheKey99' });

    const error = await rejectionOf(client.upload({ path: small.path, name: 'small.mp4', size: small.size }));

    expect(error.code).toBe('HOST_PERMISSION_DENIED');
    expect(h.fake.requests.map((request) => request.method)).toEqual(['GET']);
    expectNoSecrets(error, [DISTINCT_LOGIN, 'NotTheKey99']);
  });
});
