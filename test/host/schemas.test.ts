import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { HostInvalidResponseError } from '../../src/host/errors.js';
import { fileInfoEntries } from '../../src/host/file-info-entries.js';
import { accountInfoSchema } from '../../src/host/schemas/account-info.js';
import { convertsEntrySchema } from '../../src/host/schemas/converts.js';
import { envelopeSchema } from '../../src/host/schemas/envelope.js';
import { splashSchema } from '../../src/host/schemas/getsplash.js';
import { listFolderSchema } from '../../src/host/schemas/list-folder.js';
import { parseResult } from '../../src/host/schemas/parse-result.js';
import { uploadTicketSchema } from '../../src/host/schemas/upload-ticket.js';
import { entryError } from './support/harness.js';

/** Reads a documented example response, as the fake host keeps it. */
function example(name: string): { status: number; msg: string; result: Record<string, unknown> } {
  return JSON.parse(readFileSync(new URL(`../fakes/host/examples/${name}`, import.meta.url), 'utf8'));
}

const where = { endpoint: 'file/listfolder', path: ['result'], secrets: [] } as const;

function rejection(run: () => unknown): HostInvalidResponseError {
  try {
    run();
  } catch (error) {
    if (error instanceof HostInvalidResponseError) return error;
    throw error;
  }
  throw new Error('expected a HostInvalidResponseError');
}

const folder = { folder_id: '26', parent_folder_id: '0', name: 'work', description: '' };
const normalizedFolder = { id: '26', parentId: null, name: 'work', description: '' };
const file = {
  name: 'clip.mp4',
  description: 'd',
  folder_id: '26',
  upload_at: '1594101441',
  last_at: '0',
  status: '1',
  views: '7',
  linkextid: 'GGJIW5DU5H',
  link: 'https://www.bitporno.com/v/GGJIW5DU5H',
};
const normalizedFile = {
  id: 'GGJIW5DU5H',
  name: 'clip.mp4',
  description: 'd',
  folderId: '26',
  uploadedAt: 1594101441000,
  lastAt: null,
  status: 1,
  views: 7,
  link: 'https://www.bitporno.com/v/GGJIW5DU5H',
};

describe('documented examples', () => {
  test('account info', () => {
    const { result } = example('account-info.json');
    expect(parseResult(accountInfoSchema, result, { ...where, endpoint: 'account/info' })).toEqual({
      userId: '1',
      email: 'user@example.com',
      registeredAt: 1206633247000,
      premium: false,
    });
  });

  test('file info', () => {
    const entries = fileInfoEntries(['FXR1I5PIK1', 'FXQXRRATXY'], example('file-info.json').result, []);

    expect(entries).toEqual([
      {
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
      },
      {
        id: 'FXQXRRATXY',
        ok: true,
        file: {
          id: 'FXQXRRATXY',
          name: 'video_156.mp4',
          description: '',
          uploadedAt: 1485385231000,
          lastViewedAt: 1536755399000,
          views: 3,
          md5: null,
          availableQualities: { '360p': false, '480p': false, '720p': true, '1080p': false },
        },
      },
    ]);
  });

  test('list folder', () => {
    const listing = parseResult(listFolderSchema, example('listfolder.json').result, where);

    expect(listing.folders).toEqual([normalizedFolder]);
    expect(listing.files).toHaveLength(1);
    expect(listing.files[0]).toMatchObject({
      id: 'GGJIW5DU5H',
      name: "Valentine's day special.mp4",
      folderId: null,
      uploadedAt: 1594101441000,
      lastAt: 1594101441000,
      status: 1,
      views: 0,
      link: 'https://www.bitporno.com/v/GGJIW5DU5H',
    });
    expect(listing.files[0]?.description).toContain('\n\t\t\t\t\tIn the host');
  });

  test('converts: skipped 720p is not done', () => {
    const entry = parseResult(convertsEntrySchema, example('converts.json').result.FXSNPOKMT4, where);

    expect(entry.encoding_summary).toBe('success');
    expect(entry.is_playable).toBe(true);
    expect(entry.link).toBe('https://www.bitporno.com/v/VXSNPOKMT3');
    expect(entry.linkextid).toBe('VXSNPOKMT3');
    expect(entry.encoding_status.map((quality) => [quality.label, quality.done, quality.skipped])).toEqual([
      ['360p', true, false],
      ['480p', true, false],
      ['720p', false, true],
      ['1080p', false, true],
    ]);
    expect(entry.encoding_status[1]).toEqual({
      label: '480p',
      progress: 100,
      converted: true,
      skipped: false,
      locked: false,
      retries: 4,
      done: true,
      codecId: '86',
      jobId: '97516674',
      createdAt: 1543752473000,
      updatedAt: 1543752936000,
    });
    expect(entry.encoding_status[2]).toMatchObject({
      converted: true,
      progress: 0,
      skipped: true,
      done: false,
    });
  });

  test('getsplash', () => {
    expect(parseResult(splashSchema, example('getsplash.json').result, where)).toBe(
      'https://foot.playercdn.net/thumb/0/181101/118FXR1IB1ZAZWGNG6LV5.jpg',
    );
  });

  test('upload ticket', () => {
    expect(parseResult(uploadTicketSchema, example('upload.json').result, where)).toEqual({
      url: 'https://13abc37.example.com/ul/fCgaPthr_ys',
      valid_until: Date.UTC(2015, 0, 9, 0, 2, 50),
    });
  });

  test('envelope of every example', () => {
    for (const name of [
      'account-info.json',
      'converts.json',
      'file-info.json',
      'listfolder.json',
      'upload.json',
    ]) {
      expect(envelopeSchema.parse(example(name))).toMatchObject({ status: 200, msg: 'OK' });
    }
  });
});

describe('quirks accepted', () => {
  test('numbers as numbers, status as string', () => {
    const entries = fileInfoEntries(
      ['AB12'],
      {
        AB12: {
          id: 'AB12',
          status: '200',
          name: 'n',
          description: '',
          upload_date_unix_timestamp: 1495385231,
          last_view_date_unix_timestamp: 0,
          views_count: 130,
          md5: '0CC175B9C0F1B6A831C399E269772661',
          available_qualities: [],
        },
      },
      [],
    );

    expect(entries).toEqual([
      {
        id: 'AB12',
        ok: true,
        file: {
          id: 'AB12',
          name: 'n',
          description: '',
          uploadedAt: 1495385231000,
          lastViewedAt: null,
          views: 130,
          md5: '0cc175b9c0f1b6a831c399e269772661',
          availableQualities: {},
        },
      },
    ]);
  });

  test('missing timestamps are null', () => {
    const account = parseResult(
      accountInfoSchema,
      { user_id: 1, user_email: 'a@b.c', premium_active: 1 },
      { ...where, endpoint: 'account/info' },
    );
    expect(account).toEqual({ userId: '1', email: 'a@b.c', registeredAt: null, premium: true });
  });

  test.each([
    ['one object', folder, [normalizedFolder]],
    [
      'an array',
      [folder, { ...folder, folder_id: 27, parent_folder_id: '26' }],
      [normalizedFolder, { ...normalizedFolder, id: '27', parentId: '26' }],
    ],
    ['{}', {}, []],
    ['[]', [], []],
  ])('folders as %s', (_form, folders, expected) => {
    expect(parseResult(listFolderSchema, { folders, files: [] }, where).folders).toEqual(expected);
  });

  test.each([
    ['[]', [], []],
    ['{}', {}, []],
    ['an array', [file], [normalizedFile]],
    ['an object keyed by ID', { GGJIW5DU5H: file }, [normalizedFile]],
  ])('files as %s', (_form, files, expected) => {
    expect(parseResult(listFolderSchema, { folders: {}, files }, where).files).toEqual(expected);
  });

  test('per-file status and missing ID', () => {
    const entries = fileInfoEntries(
      ['GONE1', 'THEIRS1', 'ABSENT1'],
      { GONE1: { status: 404 }, THEIRS1: { id: 'THEIRS1', status: '403' } },
      [],
    );

    expect(
      entries.map((entry) => (entry.ok ? 'ok' : [entry.error.code, entry.error.envelopeStatus])),
    ).toEqual([
      ['HOST_NOT_FOUND', 404],
      ['HOST_PERMISSION_DENIED', 403],
      ['HOST_NOT_FOUND', 200],
    ]);
    expect(entryError(entries[0]).userMessage).toBe('The host has no file with ID GONE1.');
  });

  test('file/info result as [] means none found', () => {
    const entries = fileInfoEntries(['AB12'], [], []);
    expect(entryError(entries[0]).code).toBe('HOST_NOT_FOUND');
  });

  test('splash false and "" are null', () => {
    expect(parseResult(splashSchema, false, where)).toBeNull();
    expect(parseResult(splashSchema, '', where)).toBeNull();
  });

  test('converts link empty while encoding', () => {
    const entry = parseResult(
      convertsEntrySchema,
      { encoding_summary: 'encoding', is_playable: '0', link: '', linkextid: false, encoding_status: {} },
      where,
    );
    expect(entry).toEqual({
      encoding_summary: 'encoding',
      is_playable: false,
      link: null,
      linkextid: null,
      encoding_status: [],
    });
  });
});

describe('anything else rejected', () => {
  test('false is not 0', () => {
    const error = rejection(() =>
      fileInfoEntries(
        ['FXR1I5PIK1'],
        { FXR1I5PIK1: { ...(example('file-info.json').result.FXR1I5PIK1 as object), views_count: false } },
        [],
      ),
    );

    expect(error.code).toBe('HOST_INVALID_RESPONSE');
    expect(error.endpoint).toBe('file/info');
    expect(error.path).toBe('result.FXR1I5PIK1.views_count');
    expect(error.message).toBe(
      'file/info: invalid response at result.FXR1I5PIK1.views_count: expected a whole number or a string of digits, received false',
    );
  });

  test('"" is not 0', () => {
    const error = rejection(() =>
      parseResult(listFolderSchema, { folders: [], files: { GGJIW5DU5H: { ...file, views: '' } } }, where),
    );
    expect(error.path).toBe('result.files.GGJIW5DU5H.views');
    expect(error.message).toContain('received ""');
  });

  test('false timestamp rejected', () => {
    const error = rejection(() =>
      parseResult(listFolderSchema, { folders: [], files: [{ ...file, upload_at: false }] }, where),
    );
    expect(error.path).toBe('result.files.0.upload_at');
  });

  test('bad field in single folder', () => {
    const error = rejection(() =>
      parseResult(listFolderSchema, { folders: { ...folder, name: 5 }, files: [] }, where),
    );
    expect(error.path).toBe('result.folders.name');
    expect(error.message).toBe(
      'file/listfolder: invalid response at result.folders.name: expected a string, received 5',
    );
  });

  test.each([
    ['folders', { folders: 'none', files: [] }, 'result.folders'],
    ['folders', { folders: { name: 'x' }, files: [] }, 'result.folders'],
    ['files', { folders: [], files: null }, 'result.files'],
    ['files', { folders: [], files: { X1: 'text' } }, 'result.files.X1'],
  ])('%s in an unknown form', (_field, result, path) => {
    expect(rejection(() => parseResult(listFolderSchema, result, where)).path).toBe(path);
  });

  test('md5 and splash forms', () => {
    const info = { ...(example('file-info.json').result.FXR1I5PIK1 as object), md5: '' };
    expect(rejection(() => fileInfoEntries(['FXR1I5PIK1'], { FXR1I5PIK1: info }, [])).path).toBe(
      'result.FXR1I5PIK1.md5',
    );
    expect(rejection(() => parseResult(splashSchema, 0, where)).path).toBe('result');
    expect(rejection(() => parseResult(splashSchema, 'javascript:alert(1)', where)).path).toBe('result');
  });

  test('progress above 100', () => {
    const quality = (example('converts.json').result.FXSNPOKMT4 as { encoding_status: object[] })
      .encoding_status[0];
    const entry = {
      encoding_summary: 's',
      is_playable: 1,
      link: '',
      linkextid: '',
      encoding_status: [{ ...quality, progress: '101' }],
    };
    expect(rejection(() => parseResult(convertsEntrySchema, entry, where)).path).toBe(
      'result.encoding_status.0.progress',
    );
  });

  test('several problems counted', () => {
    const error = rejection(() =>
      parseResult(
        accountInfoSchema,
        { user_id: 'x', user_email: 1, premium_active: 'yes' },
        { ...where, endpoint: 'account/info' },
      ),
    );
    expect(error.message).toBe(
      'account/info: invalid response at result.user_id: expected an ID of decimal digits, received "x" (and 2 more problems)',
    );
  });
});
