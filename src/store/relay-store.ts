import type Keyv from 'keyv';
import { z } from 'zod';

const RECORD_VERSION = 1;

/**
 * Where a relay's attachment came from. A message can be fetched again for a
 * fresh CDN URL after a restart. A slash command's attachment cannot, because
 * Discord only sends it inside the interaction.
 */
const originSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('slash') }),
  z.object({ kind: z.literal('message'), messageId: z.string(), attachmentId: z.string() }),
]);

const recordSchema = z.object({
  v: z.literal(RECORD_VERSION),
  jobId: z.string(),
  userId: z.string(),
  guildId: z.string().nullable(),
  channelId: z.string(),
  fileName: z.string(),
  folderId: z.string().nullable(),
  origin: originSchema,
  /** Epoch milliseconds. */
  startedAt: z.number().int(),
});

export type RelayRecord = z.infer<typeof recordSchema>;
export type RelayOrigin = z.infer<typeof originSchema>;

/**
 * Relays in progress, by job ID, so a restart can resume or report each one
 * instead of dropping it. A record is removed when its relay ends, except
 * when a shutdown interrupted it.
 */
export class RelayStore {
  constructor(private readonly keyv: Keyv<RelayRecord>) {}

  async save(record: Omit<RelayRecord, 'v'>): Promise<void> {
    await this.keyv.set(record.jobId, { v: RECORD_VERSION, ...record });
  }

  async delete(jobId: string): Promise<void> {
    await this.keyv.delete(jobId);
  }

  /** Every stored record; unreadable ones are returned apart so the caller can log and drop them. */
  async all(): Promise<{ records: RelayRecord[]; invalid: string[] }> {
    const records: RelayRecord[] = [];
    const invalid: string[] = [];
    if (!this.keyv.iterator) return { records, invalid };

    for await (const [key, value] of this.keyv.iterator(undefined)) {
      const parsed = recordSchema.safeParse(value);
      if (parsed.success) records.push(parsed.data);
      else invalid.push(String(key));
    }
    return { records, invalid };
  }
}
