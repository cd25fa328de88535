import { existsSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { cleanSpool, createSpoolPath, spoolDirectory, withSpoolFile } from '../../src/relay/spool.js';
import { makeTempDir } from '../support/temp-dir.js';

let temp: { dir: string; remove: () => Promise<void> };

beforeEach(async () => {
  temp = await makeTempDir('relay-spool');
});

afterEach(async () => {
  await temp.remove();
});

describe('spool', () => {
  it('places the spool under the data folder', () => {
    expect(spoolDirectory('/var/lib/bot')).toBe(path.join('/var/lib/bot', 'spool'));
  });

  it('creates the folder and unique paths', async () => {
    const dir = path.join(temp.dir, 'spool');

    const first = await createSpoolPath(dir);
    const second = await createSpoolPath(dir);

    expect(existsSync(dir)).toBe(true);
    expect(first).not.toBe(second);
    expect(path.dirname(first)).toBe(dir);
    expect(path.basename(first)).toMatch(/^relay-[0-9a-f]{16}\.part$/);
  });

  it('withSpoolFile removes the file after success', async () => {
    let seen = '';

    const result = await withSpoolFile(temp.dir, async (file) => {
      seen = file;
      await writeFile(file, 'bytes');
      return 42;
    });

    expect(result).toBe(42);
    expect(existsSync(seen)).toBe(false);
  });

  it('withSpoolFile removes the file after an error', async () => {
    let seen = '';

    const outcome = withSpoolFile(temp.dir, async (file) => {
      seen = file;
      await writeFile(file, 'bytes');
      throw new Error('upload failed');
    });

    await expect(outcome).rejects.toThrow('upload failed');
    expect(existsSync(seen)).toBe(false);
    expect(await readdir(temp.dir)).toEqual([]);
  });

  it('cleanSpool removes only leftover spool files', async () => {
    const leftovers = [
      'relay-0123456789abcdef.part',
      'relay-fedcba9876543210.part',
      'relay-00000000000000aa.part',
    ];
    for (const name of leftovers) await writeFile(path.join(temp.dir, name), 'x');
    await writeFile(path.join(temp.dir, 'notes.txt'), 'keep me');

    const removed = await cleanSpool(temp.dir);

    expect(removed).toBe(3);
    expect(await readdir(temp.dir)).toEqual(['notes.txt']);
  });

  it('cleanSpool returns 0 without a folder', async () => {
    expect(await cleanSpool(path.join(temp.dir, 'missing'))).toBe(0);
  });
});
