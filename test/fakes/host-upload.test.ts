import { createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { FakeHost, type FakeAccount } from './host/fake-host.js';
import {
  apiGet,
  credentials,
  fixturePath,
  getRaw,
  manualClock,
  postFile,
  sha1Hex,
  uploadQuery,
  uploadWithTicket,
} from './host-test-helpers.js';

const MP4_PATH = fixturePath('testsrc-640x360.mp4');
const mp4 = { path: MP4_PATH, name: 'testsrc-640x360.mp4' };
const mp4Sha1 = sha1Hex(await readFile(MP4_PATH));
const WRONG_SHA1 = '0'.repeat(40);

let host: FakeHost;
let account: FakeAccount;
const clock = manualClock();

beforeEach(async () => {
  host = await FakeHost.start({ now: clock.now });
  account = host.addAccount();
});

afterEach(async () => {
  await host.close();
});

async function fileNames(owner: FakeAccount, folderId = ''): Promise<string[]> {
  const response = await apiGet(host, 'file/listfolder', { folder_id: folderId }, owner);
  const files = (response.envelope.result as { files: Array<{ name: string }> | Record<string, never> })
    .files;
  return Array.isArray(files) ? files.map((file) => file.name) : [];
}

describe('ticket upload', () => {
  it('issues a ticket URL on the fake valid for an hour', async () => {
    const response = await getRaw(
      `${host.uploadUrl}?${uploadQuery({ ...credentials(account), sha1: mp4Sha1 })}`,
    );
    const envelope = JSON.parse(response.text) as {
      status: number;
      result: { url: string; valid_until: string };
    };
    const expected = new Date(clock.now() + 60 * 60 * 1000).toISOString().slice(0, 19).replace('T', ' ');

    expect(envelope.status).toBe(200);
    expect(envelope.result.url).toMatch(new RegExp(`^${host.origin}/ul/[A-Za-z0-9_-]{11}$`));
    expect(envelope.result.valid_until).toBe(expected);
  });

  it('creates the file when the sha1 matches', async () => {
    const { upload } = await uploadWithTicket(
      host,
      { ...credentials(account), sha1: mp4Sha1, httponly: 'true' },
      mp4,
    );
    const fileId = (upload.envelope.result as { id: string }).id;

    expect(upload.envelope.status).toBe(200);
    expect(fileId).toMatch(/^[A-Z0-9]{10}$/);
    expect(host.uploads()).toEqual([
      {
        fileId,
        login: account.login,
        name: 'testsrc-640x360.mp4',
        size: 97498,
        sha1: mp4Sha1,
        folderId: '0',
        width: 640,
        height: 360,
      },
    ]);
    expect(await fileNames(account)).toEqual(['testsrc-640x360.mp4']);
  });

  it('rejects a sha1 mismatch and creates nothing', async () => {
    const { upload } = await uploadWithTicket(host, { ...credentials(account), sha1: WRONG_SHA1 }, mp4);

    expect(upload.envelope).toEqual({
      status: 400,
      msg: `sha1 mismatch: expected ${WRONG_SHA1}, received ${mp4Sha1}`,
      result: null,
    });
    expect(host.uploads().map((entry) => entry.fileId)).toEqual([null]);
    expect(await fileNames(account)).toEqual([]);
  });

  it('uses up a ticket only on success', async () => {
    const ticket = await getRaw(
      `${host.uploadUrl}?${uploadQuery({ ...credentials(account), sha1: mp4Sha1 })}`,
    );
    const { url } = (JSON.parse(ticket.text) as { result: { url: string } }).result;

    const wrong = await postFile(url, { bytes: Buffer.from('not the expected bytes'), name: 'a.mp4' });
    const right = await postFile(url, mp4);
    const again = await postFile(url, mp4);

    expect(wrong.envelope.status).toBe(400);
    expect(right.envelope.status).toBe(200);
    expect(again.envelope).toEqual({
      status: 400,
      msg: `Upload ticket not found: ${url.slice(url.lastIndexOf('/') + 1)}`,
      result: null,
    });
  });

  it('rejects an expired ticket', async () => {
    const ticket = await getRaw(`${host.uploadUrl}?${uploadQuery(credentials(account))}`);
    const { url, valid_until } = (JSON.parse(ticket.text) as { result: { url: string; valid_until: string } })
      .result;
    clock.advance(60 * 60 * 1000 + 1);
    const upload = await postFile(url, mp4);

    expect(upload.envelope).toEqual({
      status: 400,
      msg: `Upload ticket expired at ${valid_until}`,
      result: null,
    });
    expect(host.uploads()).toEqual([]);
  });

  it('rejects an unknown ticket', async () => {
    const upload = await postFile(`${host.origin}/ul/unknownToken`, mp4);

    expect(upload.envelope).toEqual({
      status: 400,
      msg: 'Upload ticket not found: unknownToken',
      result: null,
    });
  });

  it('rejects a direct POST in the ticket style', async () => {
    const upload = await postFile(`${host.uploadUrl}?${uploadQuery(credentials(account))}`, mp4);

    expect(upload.envelope).toEqual({
      status: 400,
      msg: 'Direct uploads are not accepted: request an upload URL with GET first',
      result: null,
    });
  });

  it('puts the file in the requested folder', async () => {
    const folderId = host.addFolder(account.login, { name: 'uploads' });
    await uploadWithTicket(host, { ...credentials(account), folder: folderId }, mp4);

    expect(await fileNames(account, folderId)).toEqual(['testsrc-640x360.mp4']);
    expect(host.uploads()[0]?.folderId).toBe(folderId);
  });

  it.each([
    [{ folder: '999999' }, 400, 'Folder not found: 999999'],
    [{ folder: '26' }, 403, 'Permission denied: folder 26 belongs to another account'],
    [{ sha1: 'abc' }, 400, 'Invalid sha1: expected 40 hexadecimal digits'],
    [{ key: 'wrong-key-123456' }, 403, 'Wrong API login or key'],
  ])('rejects the ticket request %j', async (params, status, msg) => {
    const response = await getRaw(`${host.uploadUrl}?${uploadQuery({ ...credentials(account), ...params })}`);

    expect(JSON.parse(response.text)).toEqual({ status, msg, result: null });
  });
});

describe('direct upload', () => {
  beforeEach(() => {
    host.uploadStyle = 'direct';
  });

  it('answers a GET with No file was uploaded', async () => {
    const response = await getRaw(`${host.uploadUrl}?${uploadQuery(credentials(account))}`);

    expect(JSON.parse(response.text)).toEqual({ status: 400, msg: 'No file was uploaded', result: null });
  });

  it('creates the file when the sha1 matches', async () => {
    const upload = await postFile(
      `${host.uploadUrl}?${uploadQuery({ ...credentials(account), sha1: mp4Sha1 })}`,
      mp4,
    );
    const fileId = (upload.envelope.result as { id: string }).id;

    expect(upload.envelope.status).toBe(200);
    expect(host.uploads()[0]).toMatchObject({ fileId, login: account.login, width: 640, height: 360 });
  });

  it('rejects a sha1 mismatch and creates nothing', async () => {
    const upload = await postFile(
      `${host.uploadUrl}?${uploadQuery({ ...credentials(account), sha1: WRONG_SHA1 })}`,
      mp4,
    );

    expect(upload.envelope.status).toBe(400);
    expect(upload.envelope.msg).toBe(`sha1 mismatch: expected ${WRONG_SHA1}, received ${mp4Sha1}`);
    expect(await fileNames(account)).toEqual([]);
  });

  it('accepts an upload without login and key', async () => {
    const upload = await postFile(host.uploadUrl, mp4);
    const fileId = (upload.envelope.result as { id: string }).id;
    const info = await apiGet(host, 'file/info', { file: fileId }, account);

    expect(upload.envelope.status).toBe(200);
    expect(host.uploads()[0]?.login).toBeNull();
    expect(info.envelope.result).toEqual({ [fileId]: { id: fileId, status: 403 } });
  });

  it('rejects a login without key', async () => {
    const upload = await postFile(`${host.uploadUrl}?login=${account.login}`, mp4);

    expect(upload.envelope).toEqual({ status: 403, msg: 'Wrong API login or key', result: null });
    expect(host.uploads()).toEqual([]);
  });

  it('requires the file field', async () => {
    const upload = await postFile(`${host.uploadUrl}?${uploadQuery(credentials(account))}`, mp4, 'video');

    expect(upload.envelope).toEqual({ status: 400, msg: 'No file was uploaded', result: null });
  });

  it('rejects a body that is not multipart', async () => {
    const response = await request(`${host.uploadUrl}?${uploadQuery(credentials(account))}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.from('raw bytes'),
    });

    expect(await response.body.json()).toEqual({ status: 400, msg: 'No file was uploaded', result: null });
  });

  it('keeps no file when the client aborts', async () => {
    const boundary = 'fakehostboundary';
    async function* body(): AsyncGenerator<Buffer> {
      yield Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cut.mp4"\r\n` +
          'Content-Type: video/mp4\r\n\r\n',
      );
      yield Buffer.alloc(64 * 1024, 1);
      throw new Error('client gave up');
    }

    await expect(
      request(`${host.uploadUrl}?${uploadQuery(credentials(account))}`, {
        method: 'POST',
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        body: Readable.from(body()),
      }),
    ).rejects.toThrow();
    const after = await apiGet(host, 'account/info', {}, account);

    expect(after.envelope.status).toBe(200);
    expect(host.uploads()).toEqual([]);
  });

  it('streams a 20 MB upload', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'fake-host-test-'));
    const path = join(dir, 'big.bin');
    const chunk = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < chunk.length; i += 1) {
      chunk[i] = i % 251;
    }
    const chunks = Array.from({ length: 20 }, () => chunk);
    await pipeline(Readable.from(chunks), createWriteStream(path));

    try {
      const expectedSha1 = sha1Hex(Buffer.concat(chunks));
      const upload = await postFile(
        `${host.uploadUrl}?${uploadQuery({ ...credentials(account), sha1: expectedSha1 })}`,
        {
          path,
          name: 'big.bin',
        },
      );

      expect(upload.envelope.status).toBe(200);
      expect(host.uploads()[0]).toMatchObject({
        size: 20 * 1024 * 1024,
        sha1: expectedSha1,
        width: null,
        height: null,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('upload result styles', () => {
  it.each(['id', 'linkextid', 'link', 'none'] as const)('names the file in style %s', async (style) => {
    host.uploadResultStyle = style;
    const { upload } = await uploadWithTicket(host, credentials(account), mp4);
    const fileId = host.uploads()[0]?.fileId ?? '';

    const expected = {
      id: { id: fileId },
      linkextid: { linkextid: fileId },
      link: { link: `${host.origin}/v/${fileId}` },
      none: { name: 'testsrc-640x360.mp4', size: '97498' },
    }[style];
    expect(upload.envelope).toEqual({ status: 200, msg: 'OK', result: expected });
  });
});
