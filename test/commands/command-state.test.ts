import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderChoiceCache } from '../../src/discord/folder-choices.js';
import { settleWithin } from '../../src/discord/settle-within.js';
import type { Folder } from '../../src/host/types.js';
import { type FilePages, type FilePagesRecord, FilePageStore } from '../../src/store/file-page-store.js';
import { openKeyvTable } from '../../src/store/open-keyv.js';
import { makeTempDir } from '../support/temp-dir.js';

const PAGES: FilePages = {
  userId: '100000000000000001',
  summary: 'Found 2 of 2 files. Page 1 of 2.',
  problems: [{ subject: 'X1', reason: 'not found on the host' }],
  fileIds: ['A1', 'B2'],
  pageStarts: [0, 2],
};

function folder(id: string, name: string): Folder {
  return { id, parentId: null, name, description: '' };
}

describe('FilePageStore', () => {
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  async function openStore(ttlMs?: number) {
    const temp = await makeTempDir('file-pages');
    const table = openKeyvTable<FilePagesRecord>(temp.dir, 'file_pages');
    cleanups.push(async () => {
      await table.disconnect();
      await temp.remove();
    });
    return { table, store: new FilePageStore(table, { ttlMs }) };
  }

  it('saves under a short token and loads it back', async () => {
    const { store } = await openStore();

    const token = await store.save(PAGES);

    expect(token).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(await store.load(token)).toMatchObject({ v: 1, ...PAGES });
  });

  it('forgets pages once they expire', async () => {
    const { store } = await openStore(50);
    const token = await store.save(PAGES);

    await sleep(120);

    expect(await store.load(token)).toBeUndefined();
  });

  it('keeps the expiry when a page boundary is added', async () => {
    const { store } = await openStore(5000);
    const token = await store.save(PAGES);
    const record = (await store.load(token)) as FilePagesRecord;

    await store.update(token, { ...record, pageStarts: [0, 1, 2] });

    expect(await store.load(token)).toEqual({ ...record, pageStarts: [0, 1, 2] });
  });

  it('treats a record it cannot read as expired and removes it', async () => {
    const { store, table } = await openStore();
    await table.set('broken', { v: 99 } as unknown as FilePagesRecord);

    expect(await store.load('broken')).toBeUndefined();
    expect(await table.get('broken')).toBeUndefined();
  });

  it('sweeps expired records when saving', async () => {
    const { store, table } = await openStore(50);
    await table.set('old', { ...PAGES, v: 1, expiresAt: 0 }, 10);
    await sleep(30);

    await store.save(PAGES);

    const raw = await (table.store as { get(key: string): Promise<unknown> }).get('old');
    expect(raw).toBeUndefined();
  });
});

describe('FolderChoiceCache', () => {
  it('loads once for concurrent requests and reuses the result while fresh', async () => {
    let now = 0;
    const cache = new FolderChoiceCache(() => now);
    let loads = 0;
    const load = async () => {
      loads += 1;
      await sleep(10);
      return [folder('26', 'work')];
    };

    const [first, second] = await Promise.all([cache.get('u', load), cache.get('u', load)]);
    now = 59_999;
    const third = await cache.get('u', load);

    expect(loads).toBe(1);
    expect(first).toEqual([folder('26', 'work')]);
    expect(second).toBe(first);
    expect(third).toBe(first);
  });

  it('loads again after a minute and keeps the stale list meanwhile', async () => {
    let now = 0;
    const cache = new FolderChoiceCache(() => now);
    await cache.get('u', () => Promise.resolve([folder('1', 'old')]));

    now = 60_000;

    expect(cache.fresh('u')).toBeUndefined();
    expect(cache.stale('u')).toEqual([folder('1', 'old')]);
    expect(await cache.get('u', () => Promise.resolve([folder('2', 'new')]))).toEqual([folder('2', 'new')]);
  });

  it('caches nothing when a load fails', async () => {
    const cache = new FolderChoiceCache();

    await expect(cache.get('u', () => Promise.reject(new Error('down')))).rejects.toThrow('down');

    expect(cache.stale('u')).toBeUndefined();
    expect(await cache.get('u', () => Promise.resolve([]))).toEqual([]);
  });
});

describe('settleWithin', () => {
  it('returns the value when it comes in time', async () => {
    expect(await settleWithin(Promise.resolve(5), 100, () => undefined)).toBe(5);
  });

  it('returns undefined at the timeout and reports a later rejection', async () => {
    const errors: unknown[] = [];
    const late = sleep(50).then(() => Promise.reject(new Error('late')));

    expect(await settleWithin(late, 10, (error) => errors.push(error))).toBeUndefined();
    await sleep(80);

    expect(errors).toEqual([new Error('late')]);
  });
});
