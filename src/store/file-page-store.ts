import { randomBytes } from 'node:crypto';
import type Keyv from 'keyv';
import { z } from 'zod';

const RECORD_VERSION = 1;

/** How long the pages of one `/file` reply can be turned: a day, well past the 15 minutes of its token. */
export const FILE_PAGES_TTL_MS = 24 * 60 * 60 * 1000;

/** Expired records are deleted when read, and the others by a sweep at most this often. */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

const recordSchema = z.object({
  v: z.literal(RECORD_VERSION),
  /** The Discord user who ran `/file`; only they may turn its pages. */
  userId: z.string(),
  /** Epoch milliseconds. */
  expiresAt: z.number().int(),
  /** The line above the embeds, without the page number. */
  summary: z.string(),
  /** IDs, in the order given, and the reason each failed or is not an ID. */
  problems: z.array(z.object({ subject: z.string(), reason: z.string() })),
  /** The IDs that showed a file, in the order given; each page fetches its own again. */
  fileIds: z.array(z.string()),
  /** Index of each page's first item, where items are the problem embeds followed by the files. */
  pageStarts: z.array(z.number().int().min(0)).min(1),
});

export type FilePagesRecord = z.infer<typeof recordSchema>;
export type FilePages = Omit<FilePagesRecord, 'v' | 'expiresAt'>;

/**
 * The paging state of `/file` replies, which does not fit in a custom ID
 * (up to 500 IDs), in its own table by a short random token that the buttons
 * carry. It survives restarts and expires after a day unless told otherwise.
 */
export interface FilePageStoreOptions {
  /** Milliseconds; `FILE_PAGES_TTL_MS` by default. */
  ttlMs?: number;
  /** Called with the error of a failed sweep, which is otherwise ignored: the next sweep tries again. */
  onSweepError?: (error: unknown) => void;
}

export class FilePageStore {
  readonly #ttlMs: number;
  readonly #onSweepError: (error: unknown) => void;
  #nextSweepAt = 0;

  constructor(
    private readonly keyv: Keyv<FilePagesRecord>,
    options: FilePageStoreOptions = {},
  ) {
    this.#ttlMs = options.ttlMs ?? FILE_PAGES_TTL_MS;
    this.#onSweepError = options.onSweepError ?? (() => undefined);
  }

  /** Stores new paging state and returns its token: 12 URL-safe characters. */
  async save(pages: FilePages, now = Date.now()): Promise<string> {
    await this.#sweepIfDue(now);

    const token = randomBytes(9).toString('base64url');
    await this.#write(token, { v: RECORD_VERSION, expiresAt: now + this.#ttlMs, ...pages }, now);
    return token;
  }

  /** Returns the state of `token`, or undefined when it expired, never existed or cannot be read. */
  async load(token: string): Promise<FilePagesRecord | undefined> {
    const raw: unknown = await this.keyv.get(token);
    if (raw === undefined) return undefined;

    const record = recordSchema.safeParse(raw);
    if (record.success) return record.data;

    // A record this version cannot read is as good as expired; removing it keeps the table small.
    await this.keyv.delete(token);
    return undefined;
  }

  /** Replaces the state of `token`, keeping its expiry; does nothing once it expired. */
  async update(token: string, record: FilePagesRecord, now = Date.now()): Promise<void> {
    if (record.expiresAt <= now) return;
    await this.#write(token, record, now);
  }

  async #write(token: string, record: FilePagesRecord, now: number): Promise<void> {
    await this.keyv.set(token, record, record.expiresAt - now);
  }

  /**
   * Keyv deletes an expired record only when it is read, so records that are
   * never read again would stay forever. Iterating the table deletes the expired
   * ones; a record the sweep misses is caught by the next one.
   */
  async #sweepIfDue(now: number): Promise<void> {
    if (now < this.#nextSweepAt || this.keyv.iterator === undefined) return;
    this.#nextSweepAt = now + SWEEP_INTERVAL_MS;

    try {
      for await (const entry of this.keyv.iterator(undefined)) void entry;
    } catch (error) {
      this.#onSweepError(error);
    }
  }
}
