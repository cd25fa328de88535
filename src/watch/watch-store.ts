import type Keyv from 'keyv';
import { type Watch, watchKey, watchSchema } from './watch-record.js';

/** Called for a stored value that fails validation; the value is skipped, never thrown at the caller. */
export type InvalidWatchHandler = (key: string, reason: string) => void;

/**
 * The watches, one Keyv table (`watches`) keyed `<fileId>:<userId>`. Every
 * read is validated; an invalid record is reported and treated as absent, so
 * one damaged row cannot stop the others from resuming.
 */
export class WatchStore {
  constructor(
    private readonly keyv: Keyv<unknown>,
    private readonly onInvalid: InvalidWatchHandler = () => undefined,
  ) {}

  async get(fileId: string, userId: string): Promise<Watch | undefined> {
    const key = watchKey(fileId, userId);
    return this.#parse(key, await this.keyv.get(key));
  }

  async put(watch: Watch): Promise<void> {
    // Validating on write too keeps a bug from storing a record that every later read would skip.
    const record = watchSchema.parse(watch);
    await this.keyv.set(watchKey(record.fileId, record.userId), record);
  }

  /** Removes the watch; returns whether there was one. */
  async delete(fileId: string, userId: string): Promise<boolean> {
    return this.keyv.delete(watchKey(fileId, userId));
  }

  /**
   * Every valid watch, read to the end before returning so callers may change
   * the table afterwards (the SQLite adapter pages with OFFSET, which skips
   * rows when the table changes during the iteration).
   */
  // NOTE: this reads the whole table; fine for thousands of watches, not for millions.
  async list(): Promise<Watch[]> {
    if (!this.keyv.iterator) throw new Error('The watch store backend cannot list its records');

    const watches: Watch[] = [];
    for await (const [key, value] of this.keyv.iterator(undefined)) {
      const watch = this.#parse(String(key), value);
      if (watch) watches.push(watch);
    }
    return watches;
  }

  async listByUser(userId: string): Promise<Watch[]> {
    return (await this.list()).filter((watch) => watch.userId === userId);
  }

  async disconnect(): Promise<void> {
    await this.keyv.disconnect();
  }

  #parse(key: string, value: unknown): Watch | undefined {
    if (value === undefined) return undefined;

    const parsed = watchSchema.safeParse(value);
    if (parsed.success) return parsed.data;

    const issue = parsed.error.issues[0];
    this.onInvalid(key, `${issue?.path.join('.') ?? ''} ${issue?.message ?? 'invalid'}`.trim());
    return undefined;
  }
}
