import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { HostClient } from '../../src/host/client.js';
import type { FileInfoEntry } from '../../src/host/types.js';
import { entryError, rejectionOf, requestsTo, startHarness, type Harness } from './support/harness.js';

let harness: Harness;
let example: HostClient;

beforeEach(async () => {
  harness = await startHarness({ fake: { documentedSplash: true } });
  example = harness.connection.forUser(harness.fake.exampleAccount);
});

afterEach(async () => {
  await harness.close();
});

function outcome(entry: FileInfoEntry): string {
  return entry.ok ? `${entry.id} found` : `${entry.id} ${entry.error.code} ${entry.error.envelopeStatus}`;
}

describe('documented examples over HTTP', () => {
  test('account info', async () => {
    expect(await example.accountInfo()).toEqual({
      userId: '1',
      email: 'user@example.com',
      registeredAt: 1206633247000,
      premium: false,
    });
  });

  test('file info of two files', async () => {
    const entries = await example.fileInfo(['FXR1I5PIK1', 'FXQXRRATXY']);

    expect(entries.map(outcome)).toEqual(['FXR1I5PIK1 found', 'FXQXRRATXY found']);
    expect(entries[0]).toEqual({
      id: 'FXR1I5PIK1',
      ok: true,
      file: {
        id: 'FXR1I5PIK1',
        name: 'Jess_Anders.mp4',
        description: '',
        uploadedAt: 1495385231000,
        lastViewedAt: 1546755399000,
        views: 130,
        md5: null,
        availableQualities: { '360p': true, '480p': true, '720p': true, '1080p': false },
      },
    });
    expect(requestsTo(harness.fake, 'file/info')[0]?.query.file).toBe('FXR1I5PIK1,FXQXRRATXY');
  });

  test('list folder of the root', async () => {
    const listing = await example.listFolder();

    expect(listing.folders).toEqual([{ id: '26', parentId: null, name: 'work', description: '' }]);
    expect(
      listing.files.map((file) => [file.id, file.name, file.views, file.uploadedAt, file.folderId]),
    ).toEqual([['GGJIW5DU5H', "Valentine's day special.mp4", 0, 1594101441000, null]]);
    expect(requestsTo(harness.fake, 'file/listfolder')[0]?.query).toMatchObject({ folder_id: '' });
  });

  test('converts of FXSNPOKMT4', async () => {
    const status = await example.converts('FXSNPOKMT4');

    expect(status).toMatchObject({
      fileId: 'FXSNPOKMT4',
      summary: 'success',
      playable: true,
      link: 'https://www.bitporno.com/v/VXSNPOKMT3',
      linkId: 'VXSNPOKMT3',
    });
    expect(
      status.qualities.map((quality) => [quality.label, quality.progress, quality.retries, quality.done]),
    ).toEqual([
      ['360p', 100, 2, true],
      ['480p', 100, 4, true],
      ['720p', 0, 1, false],
      ['1080p', 0, 1, false],
    ]);
    expect(status.qualities[2]).toMatchObject({ label: '720p', converted: true, skipped: true, done: false });
  });

  test('splash 0 of FXR1I5PIK1', async () => {
    expect(await example.splash('FXR1I5PIK1')).toBe(
      'https://foot.playercdn.net/thumb/0/181101/118FXR1IB1ZAZWGNG6LV5.jpg',
    );
    expect(requestsTo(harness.fake, 'file/getsplash')[0]?.query).toMatchObject({
      file: 'FXR1I5PIK1',
      splash: '0',
    });
  });
});

describe('file info', () => {
  test('unknown ID by per-file 404', async () => {
    harness.fake.notFoundStyle = 'status';
    const entries = await example.fileInfo(['FXR1I5PIK1', 'NOSUCH0001']);

    expect(entries.map(outcome)).toEqual(['FXR1I5PIK1 found', 'NOSUCH0001 HOST_NOT_FOUND 404']);
    expect(entryError(entries[1]).userMessage).toBe('The host has no file with ID NOSUCH0001.');
  });

  test('unknown ID by omission', async () => {
    harness.fake.notFoundStyle = 'omit';
    const entries = await example.fileInfo(['NOSUCH0001', 'FXQXRRATXY']);

    expect(entries.map(outcome)).toEqual(['NOSUCH0001 HOST_NOT_FOUND 200', 'FXQXRRATXY found']);
  });

  test('unknown ID by envelope 404', async () => {
    harness.fake.fail('file/info', { kind: 'envelope', httpStatus: 200, status: 404, msg: 'File not found' });
    const entries = await example.fileInfo(['NOSUCH0001', 'NOSUCH0002']);

    expect(entries.map(outcome)).toEqual(['NOSUCH0001 HOST_NOT_FOUND 404', 'NOSUCH0002 HOST_NOT_FOUND 404']);
    expect(entryError(entries[0]).hostMessage).toBe('File not found');
  });

  test("another account's file is denied", async () => {
    const other = harness.fake.addAccount();
    const theirs = harness.fake.addFile(other.login, { name: 'theirs.mp4' });
    const entries = await harness.client.fileInfo([theirs]);

    expect(entries.map(outcome)).toEqual([`${theirs} HOST_PERMISSION_DENIED 403`]);
  });

  test('repeated IDs asked once', async () => {
    const entries = await example.fileInfo(['FXR1I5PIK1', 'FXR1I5PIK1']);

    expect(entries.map(outcome)).toEqual(['FXR1I5PIK1 found']);
    expect(requestsTo(harness.fake, 'file/info')[0]?.query.file).toBe('FXR1I5PIK1');
  });

  test('120 IDs in 3 requests', async () => {
    const { fake, client, account } = harness;
    const real = [0, 1, 2].map((n) => fake.addFile(account.login, { name: `clip-${n}.mp4`, views: n }));
    const ids = [...real, ...Array.from({ length: 117 }, (_, n) => `MISSING${String(n).padStart(3, '0')}`)];

    const entries = await client.fileInfoAll(ids);

    const batches = requestsTo(fake, 'file/info').map((request) => request.query.file?.split(',').length);
    expect(batches).toEqual([50, 50, 20]);
    expect(entries).toHaveLength(120);
    expect(entries.map((entry) => entry.id)).toEqual(ids);
    expect(entries.filter((entry) => entry.ok).map((entry) => entry.ok && entry.file.views)).toEqual([
      0, 1, 2,
    ]);
    expect(entries.filter((entry) => !entry.ok && entry.error.code === 'HOST_NOT_FOUND')).toHaveLength(117);
  });

  test('no IDs for the batch helper', async () => {
    expect(await harness.client.fileInfoAll([])).toEqual([]);
    expect(harness.fake.requests).toHaveLength(0);
  });
});

describe('list folder', () => {
  test.each(['{}', '[]'] as const)('empty folder with both lists as %s', async (shape) => {
    const { fake, client, account } = harness;
    fake.listStyle.emptyFolders = shape;
    fake.listStyle.emptyFiles = shape;
    const folderId = fake.addFolder(account.login, { name: 'empty' });

    expect(await client.listFolder({ folderId })).toEqual({ folders: [], files: [] });
  });

  test('one sub-folder as an object, two as an array', async () => {
    const { fake, client, account } = harness;
    const parent = fake.addFolder(account.login, { name: 'parent' });
    const first = fake.addFolder(account.login, { name: 'first', parentId: parent, description: 'one' });

    expect((await client.listFolder({ folderId: parent })).folders).toEqual([
      { id: first, parentId: parent, name: 'first', description: 'one' },
    ]);

    const second = fake.addFolder(account.login, { name: 'second', parentId: parent });
    expect((await client.listFolder({ folderId: parent })).folders.map((folder) => folder.id)).toEqual([
      first,
      second,
    ]);
  });

  test.each(['array', 'keyed'] as const)('files as %s', async (style) => {
    const { fake, client, account } = harness;
    fake.listStyle.files = style;
    const folderId = fake.addFolder(account.login, { name: 'videos' });
    const uploadedAt = Date.UTC(2024, 4, 1, 10, 0, 0);
    const id = fake.addFile(account.login, {
      name: 'a.mp4',
      folderId,
      description: 'x',
      uploadedAt,
      views: 12,
    });

    const listing = await client.listFolder({ folderId });

    expect(listing.files).toEqual([
      {
        id,
        name: 'a.mp4',
        description: 'x',
        folderId,
        uploadedAt,
        lastAt: expect.any(Number),
        status: 1,
        views: 12,
        link: expect.stringMatching(new RegExp(`/v/${id}$`)),
      },
    ]);
  });

  test('recent mode leaves out older files', async () => {
    const { fake, client, account } = harness;
    fake.addFile(account.login, { name: 'old.mp4', uploadedAt: Date.now() - 3 * 24 * 3600 * 1000 });
    fake.addFile(account.login, { name: 'new.mp4' });

    expect((await client.listFolder({ recent: true })).files.map((file) => file.name)).toEqual(['new.mp4']);
    expect(requestsTo(fake, 'file/listfolder')[0]?.query).toMatchObject({ mode: '1', folder_id: '' });
  });

  test('unknown folder is not found', async () => {
    const error = await rejectionOf(harness.client.listFolder({ folderId: '999999' }));

    expect(error.code).toBe('HOST_NOT_FOUND');
    expect(error.userMessage).toBe('The host found no such file or folder.');
  });
});

describe('converts and splash', () => {
  test('one quality', async () => {
    const status = await example.converts('FXSNPOKMT4', '480p');

    expect(status.qualities.map((quality) => quality.label)).toEqual(['480p']);
    expect(requestsTo(harness.fake, 'file/converts')[0]?.query).toMatchObject({
      file: 'FXSNPOKMT4',
      output: '480p',
    });
  });

  test('encoding in progress', async () => {
    const { fake, client, account } = harness;
    fake.encodingDurationMs = 60_000;
    const id = fake.addFile(account.login, { name: 'fresh.mp4', encoded: false, height: 480 });

    const status = await client.converts(id);

    expect(status.playable).toBe(false);
    expect(status.qualities.filter((quality) => quality.done)).toEqual([]);
    expect(status.qualities.find((quality) => quality.label === '1080p')).toMatchObject({
      skipped: true,
      done: false,
    });
  });

  test('unknown file is not found', async () => {
    const error = await rejectionOf(harness.client.converts('NOSUCH0001'));

    expect(error.code).toBe('HOST_NOT_FOUND');
    expect(error.envelopeStatus).toBe(404);
    expect(error.userMessage).toBe('The host has no file with ID NOSUCH0001.');
  });

  test('splash index 3', async () => {
    const id = harness.fake.addFile(harness.account.login, { name: 'v.mp4' });

    expect(await harness.client.splash(id, 3)).toBe(`${harness.fake.origin}/thumb/${id}/3.jpg`);
  });

  test.each([false, ''] as const)('splash %j is null', async (value) => {
    const id = harness.fake.addFile(harness.account.login, { name: 'v.mp4' });
    harness.fake.setSplash(id, value);

    expect(await harness.client.splash(id)).toBeNull();
  });
});
