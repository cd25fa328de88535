import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CredentialRecordError,
  CredentialStore,
  type CredentialRecord,
} from '../../src/store/credential-store.js';
import { SecretCredentials } from '../../src/store/secret-credentials.js';
import { openKeyvTable } from '../../src/store/open-keyv.js';
import { SealedBox } from '../../src/store/sealed-box.js';
import { makeTempDir } from '../support/temp-dir.js';

const OLD_KEY = Buffer.alloc(32, 1);
const NEW_KEY = Buffer.alloc(32, 2);
const LOGIN = 'a1b2c3d4e5f60718';
const KEY = 'Secret_Key-Value9';

describe('CredentialStore', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const opened: Array<{ disconnect(): Promise<void> }> = [];

  function open(currentKey: Buffer, oldKeys: Buffer[] = []) {
    const table = openKeyvTable<CredentialRecord>(temp.dir, 'credentials');
    opened.push(table);
    return { table, store: new CredentialStore(table, new SealedBox(currentKey, oldKeys)) };
  }

  beforeEach(async () => {
    temp = await makeTempDir('credential-store');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((table) => table.disconnect()));
    await temp.remove();
  });

  it('round-trips credentials through a real SQLite file', async () => {
    const { store } = open(NEW_KEY);
    await store.set('200000000000000001', new SecretCredentials(LOGIN, KEY), '77');

    const read = await store.get('200000000000000001');
    expect(read?.login).toBe(LOGIN);
    expect(read?.key).toBe(KEY);
    expect(await store.hostUserIdOf('200000000000000001')).toBe('77');
    expect(await store.get('200000000000000002')).toBeUndefined();
  });

  it('keeps neither the key nor the login in the file bytes', async () => {
    const { store, table } = open(NEW_KEY);
    await store.set('200000000000000001', new SecretCredentials(LOGIN, KEY), '77');
    opened.splice(opened.indexOf(table), 1);
    await table.disconnect();

    const bytes = await readFile(path.join(temp.dir, 'bot.sqlite'));
    expect(bytes.length).toBeGreaterThan(0);
    expect(bytes.includes(Buffer.from(KEY))).toBe(false);
    expect(bytes.includes(Buffer.from(LOGIN))).toBe(false);
    expect(bytes.includes(Buffer.from(KEY, 'utf16le'))).toBe(false);
  });

  it('opens old records after a key rotation and re-seals them', async () => {
    const before = open(OLD_KEY);
    await before.store.set('200000000000000001', new SecretCredentials(LOGIN, KEY), '77');

    const after = open(NEW_KEY, [OLD_KEY]);
    expect((await after.store.get('200000000000000001'))?.key).toBe(KEY);

    const rotatedOnly = open(NEW_KEY);
    expect((await rotatedOnly.store.get('200000000000000001'))?.key).toBe(KEY);
  });

  it('reports a record sealed under an unknown key', async () => {
    await open(OLD_KEY).store.set('200000000000000001', new SecretCredentials(LOGIN, KEY), '77');

    await expect(open(NEW_KEY).store.get('200000000000000001')).rejects.toBeInstanceOf(CredentialRecordError);
  });

  it('refuses a record moved to another user', async () => {
    const { store, table } = open(NEW_KEY);
    await store.set('200000000000000001', new SecretCredentials(LOGIN, KEY), '77');
    await table.set('200000000000000009', (await table.get('200000000000000001')) as CredentialRecord);

    await expect(store.get('200000000000000009')).rejects.toThrow(/failed authentication/);
  });

  it('deletes credentials', async () => {
    const { store } = open(NEW_KEY);
    await store.set('200000000000000001', new SecretCredentials(LOGIN, KEY), '77');

    expect(await store.delete('200000000000000001')).toBe(true);
    expect(await store.get('200000000000000001')).toBeUndefined();
    expect(await store.delete('200000000000000001')).toBe(false);
  });
});

describe('SecretCredentials', () => {
  it('prints redacted everywhere', () => {
    const credentials = new SecretCredentials(LOGIN, KEY);

    for (const text of [
      JSON.stringify(credentials),
      inspect(credentials),
      String(credentials),
      `${credentials}`,
    ]) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(LOGIN);
    }
  });
});
