import { mkdirSync } from 'node:fs';
import path from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';

/**
 * Opens one kind of record as its own Keyv store in its own SQLite table of
 * `DATA_DIR/bot.sqlite`. Separate tables, not namespaces of one table,
 * because Keyv's `clear()` and iterators have crossed namespaces in past
 * releases.
 */
export function openKeyvTable<Value>(dataDir: string, table: string): Keyv<Value> {
  mkdirSync(dataDir, { recursive: true });

  const adapter = new KeyvSqlite({
    uri: `sqlite://${path.join(dataDir, 'bot.sqlite')}`,
    table,
    // Several tables share the file; wait for a writer instead of failing with SQLITE_BUSY.
    busyTimeout: 5000,
  });

  // Values are plain JSON; Keyv's default serializer would also accept Buffers and Dates.
  return new Keyv<Value>({ store: adapter, namespace: undefined, useKeyPrefix: false });
}
