import { readFile } from 'node:fs/promises';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { FakeHost } from './host/fake-host.js';
import { apiGet, getRaw, manualClock } from './host-test-helpers.js';

async function example(name: string): Promise<string> {
  return readFile(new URL(`./host/examples/${name}`, import.meta.url), 'utf8');
}

async function exampleResult(name: string): Promise<Record<string, unknown>> {
  return (JSON.parse(await example(name)) as { result: Record<string, unknown> }).result;
}

let host: FakeHost;

beforeEach(async () => {
  // The documented splash URL is on the real host's CDN; these tests only read it, never fetch it.
  host = await FakeHost.start({ documentedSplash: true });
});

afterEach(async () => {
  await host.close();
});

describe('example splash by default', () => {
  it('is served from the fake itself', async () => {
    const local = await FakeHost.start();
    try {
      const response = await apiGet(local, 'file/getsplash', { file: 'FXR1I5PIK1' });

      expect(String(response.envelope.result).startsWith(`${local.origin}/thumb/FXR1I5PIK1/`)).toBe(true);
    } finally {
      await local.close();
    }
  });
});

describe('documented requests', () => {
  const cases: Array<[string, string, Record<string, string>]> = [
    ['account-info.json', 'account/info', {}],
    ['file-info.json', 'file/info', { file: 'FXR1I5PIK1,FXQXRRATXY' }],
    ['listfolder.json', 'file/listfolder', {}],
    ['converts.json', 'file/converts', { file: 'FXSNPOKMT4' }],
    ['getsplash.json', 'file/getsplash', { file: 'FXR1I5PIK1' }],
  ];

  it.each(cases)('return %s verbatim', async (file, endpoint, params) => {
    const response = await apiGet(host, endpoint, params);

    expect(response.httpStatus).toBe(200);
    expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(response.text).toBe(await example(file));
  });

  it('return upload.json for the ticket request', async () => {
    const { login, key } = host.exampleAccount;
    const response = await getRaw(`${host.uploadUrl}?login=${login}&key=${key}`);

    expect(response.httpStatus).toBe(200);
    expect(response.text).toBe(await example('upload.json'));
  });

  it('rejects the documented ticket as expired on the fake', async () => {
    const response = await getRaw(`${host.origin}/ul/fCgaPthr_ys`, 'POST');

    expect(JSON.parse(response.text)).toEqual({
      status: 400,
      msg: 'Upload ticket expired at 2015-01-09 00:02:50',
      result: null,
    });
  });

  it('include empty folder_id and splash=0', async () => {
    const listing = await apiGet(host, 'file/listfolder', { folder_id: '' });
    const splash = await apiGet(host, 'file/getsplash', { file: 'FXR1I5PIK1', splash: '0' });

    expect(listing.text).toBe(await example('listfolder.json'));
    expect(splash.text).toBe(await example('getsplash.json'));
  });

  it('follow the model after a change', async () => {
    host.deleteFile('FXQXRRATXY');
    const response = await apiGet(host, 'file/info', { file: 'FXR1I5PIK1,FXQXRRATXY' });
    const documented = await exampleResult('file-info.json');

    expect(response.text).not.toBe(await example('file-info.json'));
    expect(response.envelope.result).toEqual({
      FXR1I5PIK1: documented.FXR1I5PIK1,
      FXQXRRATXY: { id: 'FXQXRRATXY', status: 404 },
    });
  });
});

describe('seeded example account', () => {
  it('returns one documented file alone', async () => {
    const documented = await exampleResult('file-info.json');
    const response = await apiGet(host, 'file/info', { file: 'FXQXRRATXY' });

    expect(response.envelope).toEqual({
      status: 200,
      msg: 'OK',
      result: { FXQXRRATXY: documented.FXQXRRATXY },
    });
  });

  it('filters converts by output like the example', async () => {
    const documented = (await exampleResult('converts.json')).FXSNPOKMT4 as { encoding_status: unknown[] };

    for (const [index, output] of ['360p', '480p', '720p', '1080p'].entries()) {
      const response = await apiGet(host, 'file/converts', { file: 'FXSNPOKMT4', output });
      const result = response.envelope.result as Record<string, { encoding_status: unknown[] }>;

      expect(result.FXSNPOKMT4?.encoding_status).toEqual([documented.encoding_status[index]]);
    }
  });

  it('lists folder 26 with the three documented files', async () => {
    const response = await apiGet(host, 'file/listfolder', { folder_id: '26' });
    const result = response.envelope.result as { folders: unknown; files: Array<Record<string, string>> };

    expect(result.folders).toEqual({});
    expect(result.files.map((file) => file.linkextid)).toEqual(['FXR1I5PIK1', 'FXQXRRATXY', 'FXSNPOKMT4']);
    expect(result.files[0]).toEqual({
      name: 'Jess_Anders.mp4',
      description: '',
      folder_id: '26',
      upload_at: '1495385231',
      last_at: '1546755399',
      status: '1',
      views: '130',
      linkextid: 'FXR1I5PIK1',
      link: 'https://www.bitporno.com/v/FXR1I5PIK1',
    });
  });

  it('reports qualities of FXSNPOKMT4 as converts shows them', async () => {
    const response = await apiGet(host, 'file/info', { file: 'FXSNPOKMT4' });
    const result = response.envelope.result as Record<string, { available_qualities: unknown }>;

    expect(result.FXSNPOKMT4?.available_qualities).toEqual({
      '360p': true,
      '480p': true,
      '720p': false,
      '1080p': false,
    });
  });

  it('serves tileset splashes on the fake', async () => {
    const response = await apiGet(host, 'file/getsplash', { file: 'FXR1I5PIK1', splash: '3' });

    expect(response.envelope.result).toBe(`${host.origin}/thumb/FXR1I5PIK1/3.jpg`);
  });
});

describe('authentication and routing', () => {
  it('rejects a wrong key with envelope 403 in HTTP 200', async () => {
    const response = await apiGet(
      host,
      'account/info',
      {},
      { ...host.exampleAccount, key: 'wrong-key-123456' },
    );

    expect(response.httpStatus).toBe(200);
    expect(response.envelope).toEqual({ status: 403, msg: 'Wrong API login or key', result: null });
  });

  it('rejects missing credentials with envelope 403', async () => {
    const response = await getRaw(`${host.apiUrl}/account/info`);

    expect(response.httpStatus).toBe(200);
    expect(JSON.parse(response.text)).toEqual({
      status: 403,
      msg: 'API login and key are required',
      result: null,
    });
  });

  it('answers an unknown endpoint with HTTP 404', async () => {
    const response = await apiGet(host, 'file/rename', { file: 'FXR1I5PIK1' });

    expect(response.httpStatus).toBe(404);
    expect(response.envelope).toEqual({
      status: 404,
      msg: 'Unknown endpoint: /v2/file/rename',
      result: null,
    });
  });

  it('rejects POST on an API endpoint', async () => {
    const response = await getRaw(`${host.apiUrl}/account/info`, 'POST');

    expect(JSON.parse(response.text)).toEqual({
      status: 400,
      msg: 'Method POST is not supported: API requests are GET',
      result: null,
    });
  });

  it('records every request with its status', async () => {
    const clock = manualClock();
    const timed = await FakeHost.start({ now: clock.now });
    try {
      await apiGet(timed, 'account/info');
      await apiGet(timed, 'file/nothing');
      await getRaw(`${timed.origin}/v/GGJIW5DU5H`);

      expect(timed.requests).toEqual([
        {
          endpoint: 'account/info',
          method: 'GET',
          query: { login: timed.exampleAccount.login, key: timed.exampleAccount.key },
          httpStatus: 200,
          at: clock.now(),
        },
        {
          endpoint: 'other',
          method: 'GET',
          query: { login: timed.exampleAccount.login, key: timed.exampleAccount.key },
          httpStatus: 404,
          at: clock.now(),
        },
        { endpoint: 'other', method: 'GET', query: {}, httpStatus: 200, at: clock.now() },
      ]);
    } finally {
      await timed.close();
    }
  });
});

describe('account/info', () => {
  it('describes an added premium account', async () => {
    const clock = manualClock(Date.UTC(2024, 5, 1, 0, 0, 0));
    const timed = await FakeHost.start({ now: clock.now });
    try {
      const account = timed.addAccount({ email: 'premium@example.com', premium: true });
      const response = await apiGet(timed, 'account/info', {}, account);

      expect(account.login).toMatch(/^[0-9a-f]{16}$/);
      expect(account.userId).toBe('2');
      expect(response.envelope.result).toEqual({
        user_id: '2',
        user_email: 'premium@example.com',
        user_regdate: String(Date.UTC(2024, 5, 1, 0, 0, 0) / 1000),
        premium_active: '1',
      });
    } finally {
      await timed.close();
    }
  });
});

describe('file/info', () => {
  it('rejects 51 IDs with envelope 400', async () => {
    const ids = Array.from({ length: 51 }, (_, index) => `ID${String(index).padStart(8, '0')}`);
    const response = await apiGet(host, 'file/info', { file: ids.join(',') });

    expect(response.envelope).toEqual({
      status: 400,
      msg: 'Too many file IDs: 51 (the maximum is 50)',
      result: null,
    });
  });

  it('accepts 50 IDs', async () => {
    const ids = Array.from({ length: 50 }, (_, index) => `ID${String(index).padStart(8, '0')}`);
    const response = await apiGet(host, 'file/info', { file: ids.join(',') });

    expect(response.envelope.status).toBe(200);
    expect(Object.keys(response.envelope.result as object)).toHaveLength(50);
  });

  it.each([
    ['', 'Parameter file is required'],
    ['FXR1I5PIK1,', 'Invalid file ID: ""'],
    ['FXR1I5PIK1,AB-CD', 'Invalid file ID: "AB-CD"'],
  ])('rejects the ID list %j', async (file, msg) => {
    const response = await apiGet(host, 'file/info', { file });

    expect(response.envelope).toEqual({ status: 400, msg, result: null });
  });

  it('gives an unknown ID its own status 404', async () => {
    const response = await apiGet(host, 'file/info', { file: 'NOSUCHFILE,GGJIW5DU5H' });
    const result = response.envelope.result as Record<string, { status: number }>;

    expect(result.NOSUCHFILE).toEqual({ id: 'NOSUCHFILE', status: 404 });
    expect(result.GGJIW5DU5H?.status).toBe(200);
  });

  it('omits an unknown ID in omit style', async () => {
    host.notFoundStyle = 'omit';
    const response = await apiGet(host, 'file/info', { file: 'NOSUCHFILE,GGJIW5DU5H' });

    expect(Object.keys(response.envelope.result as object)).toEqual(['GGJIW5DU5H']);
  });

  it("gives another account's file status 403", async () => {
    const other = host.addAccount();
    const fileId = host.addFile(other.login, { name: 'theirs.mp4' });
    const response = await apiGet(host, 'file/info', { file: `${fileId},GGJIW5DU5H` });
    const result = response.envelope.result as Record<string, { status: number }>;

    expect(response.envelope.status).toBe(200);
    expect(result[fileId]).toEqual({ id: fileId, status: 403 });
  });

  it('renders an added file with strings for numbers', async () => {
    const account = host.addAccount();
    const uploadedAt = Date.UTC(2024, 0, 2, 3, 4, 5);
    const fileId = host.addFile(account.login, {
      name: 'a.mp4',
      description: 'd',
      uploadedAt,
      height: 480,
      views: 9,
    });
    const response = await apiGet(host, 'file/info', { file: fileId }, account);

    expect(fileId).toMatch(/^[A-Z0-9]{10}$/);
    expect((response.envelope.result as Record<string, unknown>)[fileId]).toEqual({
      id: fileId,
      status: 200,
      name: 'a.mp4',
      description: 'd',
      upload_date_unix_timestamp: String(uploadedAt / 1000),
      last_view_date_unix_timestamp: String(uploadedAt / 1000),
      views_count: '9',
      md5: 'n/a',
      available_qualities: { '360p': true, '480p': true, '720p': false, '1080p': false },
    });
  });
});

describe('file/converts', () => {
  it('answers an unknown file with envelope 404', async () => {
    const response = await apiGet(host, 'file/converts', { file: 'NOSUCHFILE' });

    expect(response.envelope).toEqual({ status: 404, msg: 'File not found: NOSUCHFILE', result: null });
  });

  it("answers another account's file with envelope 403", async () => {
    const other = host.addAccount();
    const fileId = host.addFile(other.login, { name: 'theirs.mp4' });
    const response = await apiGet(host, 'file/converts', { file: fileId });

    expect(response.httpStatus).toBe(200);
    expect(response.envelope).toEqual({
      status: 403,
      msg: `Permission denied: file ${fileId} belongs to another account`,
      result: null,
    });
  });

  it.each(['240p', '720', 'all'])('rejects output=%s', async (output) => {
    const response = await apiGet(host, 'file/converts', { file: 'FXSNPOKMT4', output });

    expect(response.envelope).toEqual({
      status: 400,
      msg: `Invalid output: ${output} (expected 360p, 480p, 720p or 1080p)`,
      result: null,
    });
  });

  it('requires the file parameter', async () => {
    const response = await apiGet(host, 'file/converts');

    expect(response.envelope).toEqual({ status: 400, msg: 'Parameter file is required', result: null });
  });
});

describe('file/getsplash', () => {
  it.each(['6', '-1', 'x', '01'])('rejects splash=%s', async (splash) => {
    const response = await apiGet(host, 'file/getsplash', { file: 'GGJIW5DU5H', splash });

    expect(response.envelope).toEqual({
      status: 400,
      msg: `Invalid splash: ${splash} (expected 0 to 5)`,
      result: null,
    });
  });

  it('points at JPEG images on the fake', async () => {
    const response = await apiGet(host, 'file/getsplash', { file: 'GGJIW5DU5H' });
    const url = response.envelope.result as string;
    const image = await fetch(url);
    const bytes = Buffer.from(await image.arrayBuffer());

    expect(url).toBe(`${host.origin}/thumb/GGJIW5DU5H/0.jpg`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    expect(bytes.length).toBeGreaterThan(1000);
  });

  it('returns the setSplash override as it is', async () => {
    for (const value of [false, '', 'https://images.example/a.jpg'] as const) {
      host.setSplash('GGJIW5DU5H', value);
      const response = await apiGet(host, 'file/getsplash', { file: 'GGJIW5DU5H', splash: '2' });

      expect(response.envelope).toEqual({ status: 200, msg: 'OK', result: value });
    }
  });

  it('lets setSplash replace the documented splash', async () => {
    host.setSplash('FXR1I5PIK1', 'http://127.0.0.1:1/x.jpg');
    const response = await apiGet(host, 'file/getsplash', { file: 'FXR1I5PIK1' });

    expect(response.envelope.result).toBe('http://127.0.0.1:1/x.jpg');
  });

  it('returns false for a file that is not a video', async () => {
    const account = host.addAccount();
    const fileId = host.addFile(account.login, { name: 'notes.txt', video: false });
    const response = await apiGet(host, 'file/getsplash', { file: fileId }, account);

    expect(response.envelope.result).toBe(false);
  });

  it('answers 404 for an image of an unknown file', async () => {
    const response = await getRaw(`${host.origin}/thumb/NOSUCHFILE/0.jpg`);

    expect(response.httpStatus).toBe(404);
  });
});

describe('file/listfolder', () => {
  type Listing = { folders: unknown; files: unknown };

  async function list(params: Record<string, string>, account = host.exampleAccount): Promise<Listing> {
    const response = await apiGet(host, 'file/listfolder', params, account);
    expect(response.envelope.status).toBe(200);
    return response.envelope.result as Listing;
  }

  it('shapes folders by count', async () => {
    const account = host.addAccount();

    expect((await list({}, account)).folders).toEqual({});
    host.listStyle.emptyFolders = '[]';
    expect((await list({}, account)).folders).toEqual([]);

    const first = host.addFolder(account.login, { name: 'one' });
    expect((await list({}, account)).folders).toEqual({
      folder_id: first,
      parent_folder_id: '0',
      name: 'one',
      description: '',
    });

    const second = host.addFolder(account.login, { name: 'two', description: 'second' });
    expect((await list({}, account)).folders).toEqual([
      { folder_id: first, parent_folder_id: '0', name: 'one', description: '' },
      { folder_id: second, parent_folder_id: '0', name: 'two', description: 'second' },
    ]);
  });

  it('shapes files as array, keyed object or empty', async () => {
    const account = host.addAccount();

    expect((await list({}, account)).files).toEqual([]);
    host.listStyle.emptyFiles = '{}';
    expect((await list({}, account)).files).toEqual({});

    const fileId = host.addFile(account.login, { name: 'a.mp4' });
    const array = (await list({}, account)).files as Array<Record<string, string>>;
    expect(array).toHaveLength(1);
    expect(array[0]?.linkextid).toBe(fileId);
    expect(array[0]?.link).toBe(`${host.origin}/v/${fileId}`);

    host.listStyle.files = 'keyed';
    const keyed = (await list({}, account)).files as Record<string, Record<string, string>>;
    expect(Object.keys(keyed)).toEqual([fileId]);
    expect(keyed[fileId]).toEqual(array[0]);
  });

  it('lists sub-folders of a folder', async () => {
    const account = host.addAccount();
    const parent = host.addFolder(account.login, { name: 'parent' });
    const child = host.addFolder(account.login, { name: 'child', parentId: parent });
    const fileId = host.addFile(account.login, { name: 'in-child.mp4', folderId: child });

    expect((await list({ folder_id: parent }, account)).folders).toEqual({
      folder_id: child,
      parent_folder_id: parent,
      name: 'child',
      description: '',
    });
    const files = (await list({ folder_id: child }, account)).files as Array<Record<string, string>>;
    expect(files.map((file) => file.linkextid)).toEqual([fileId]);
    expect(files[0]?.folder_id).toBe(child);
  });

  it('lists only the last 24 hours with mode=1', async () => {
    const clock = manualClock();
    const timed = await FakeHost.start({ now: clock.now });
    try {
      const account = timed.addAccount();
      const dayMs = 24 * 60 * 60 * 1000;
      const old = timed.addFile(account.login, { name: 'old.mp4', uploadedAt: clock.now() - dayMs - 1000 });
      const recent = timed.addFile(account.login, { name: 'recent.mp4', uploadedAt: clock.now() - 1000 });
      const all = await apiGet(timed, 'file/listfolder', {}, account);
      const lastDay = await apiGet(timed, 'file/listfolder', { mode: '1' }, account);

      expect(
        (all.envelope.result as { files: Array<{ linkextid: string }> }).files.map((f) => f.linkextid),
      ).toEqual([old, recent]);
      expect(
        (lastDay.envelope.result as { files: Array<{ linkextid: string }> }).files.map((f) => f.linkextid),
      ).toEqual([recent]);
    } finally {
      await timed.close();
    }
  });

  it.each([
    [{ folder_id: '999999' }, 404, 'Folder not found: 999999'],
    [{ folder_id: 'abc' }, 400, 'Invalid folder ID: abc (expected decimal digits)'],
    [{ mode: '2' }, 400, 'Invalid mode: 2 (expected 0 or 1)'],
  ])('rejects %j', async (params, status, msg) => {
    const response = await apiGet(host, 'file/listfolder', params);

    expect(response.envelope).toEqual({ status, msg, result: null });
  });

  it("rejects another account's folder with 403", async () => {
    const other = host.addAccount();
    const response = await apiGet(host, 'file/listfolder', { folder_id: '26' }, other);

    expect(response.envelope).toEqual({
      status: 403,
      msg: 'Permission denied: folder 26 belongs to another account',
      result: null,
    });
  });
});

describe('video pages', () => {
  it('serves a page for a file and its encoded ID', async () => {
    const page = await getRaw(`${host.origin}/v/GGJIW5DU5H`);
    const encoded = await getRaw(`${host.origin}/v/VXSNPOKMT3`);
    const missing = await getRaw(`${host.origin}/v/NOSUCHFILE`);

    expect(page.httpStatus).toBe(200);
    expect(page.text).toContain('<title>Valentine&#39;s day special.mp4</title>');
    expect(encoded.text).toContain('<title>sample_480p.mp4</title>');
    expect(missing.httpStatus).toBe(404);
  });
});
