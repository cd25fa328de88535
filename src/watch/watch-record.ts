import { createHash } from 'node:crypto';
import { z } from 'zod';

/**
 * A watch as stored in the `watches` table: plain JSON with epoch
 * milliseconds, a version field, and zod validation on every read, so a
 * restart resumes every watch from exactly what the last poll recorded.
 */

export const WATCH_RECORD_VERSION = 1;

/** Discord caps a message nonce at 25 characters. */
export const MAX_NONCE_LENGTH = 25;

const epochMs = z.number().int().nonnegative();
const fileId = z.string().regex(/^[A-Za-z0-9]{1,64}$/);
const snowflake = z.string().regex(/^\d{1,20}$/);

const qualitySchema = z.object({
  label: z.string().max(32),
  /** Percent, 0 to 100. */
  progress: z.number().min(0).max(100),
  converted: z.boolean(),
  skipped: z.boolean(),
  done: z.boolean(),
  createdAt: epochMs.nullable(),
  updatedAt: epochMs.nullable(),
});

/** The result of the last `file/converts` of this file. */
const convertsSnapshotSchema = z.object({
  at: epochMs,
  /** The host's `encoding_summary`, cut to 64 characters. */
  summary: z.string().max(64),
  playable: z.boolean(),
  link: z.string().max(2048).nullable(),
  qualities: z.array(qualitySchema).max(16),
});

/** The last state the polls saw: `available_qualities` from `file/info`, and the last `file/converts`. */
const seenSchema = z.object({
  at: epochMs,
  available: z.record(z.string().max(32), z.boolean()),
  converts: convertsSnapshotSchema.nullable(),
});

export const FINISHED_OUTCOMES = ['done', 'failed', 'expired', 'gone'] as const;

const finishedSchema = z.object({
  outcome: z.enum(FINISHED_OUTCOMES),
  at: epochMs,
});

/**
 * The notice's state. `sending` is written before the message request, so a
 * restart treats a message as possibly sent and resolves it with the nonce
 * or a search instead of posting blindly.
 */
const noticeSchema = z.discriminatedUnion('state', [
  /** The watch is still open. */
  z.object({ state: z.literal('none') }),
  /** The outcome is known; no message was attempted yet, or the last attempt failed before reaching Discord. */
  z.object({ state: z.literal('pending'), attempts: z.number().int().nonnegative() }),
  z.object({
    state: z.literal('sending'),
    channelId: snowflake,
    /** Whether the channel allows names and images (age-restricted or a DM). */
    detailed: z.boolean(),
    direct: z.boolean(),
    /** When the first request with this nonce to this channel was made. */
    startedAt: epochMs,
    attempts: z.number().int().nonnegative(),
  }),
  z.object({ state: z.literal('sent'), channelId: snowflake, messageId: snowflake, sentAt: epochMs }),
  /** Discord refused the notice for good (DMs closed, body rejected); it is not retried. */
  z.object({ state: z.literal('undeliverable'), reason: z.string().max(200), at: epochMs }),
]);

export const watchSchema = z.object({
  v: z.literal(WATCH_RECORD_VERSION),
  fileId,
  userId: snowflake,
  /** Null for a watch started in a DM. */
  guildId: snowflake.nullable(),
  /** The channel of the notice, or null for the user's DM. */
  channelId: snowflake.nullable(),
  /** The file's name as the host last reported it (host text, unescaped). */
  fileName: z.string().max(1024).nullable(),
  source: z.enum(['upload', 'watch']),
  /** The notice's Discord nonce, fixed when the watch is made. */
  nonce: z.string().min(1).max(MAX_NONCE_LENGTH),
  createdAt: epochMs,
  deadlineAt: epochMs,
  nextPollAt: epochMs,
  /** Polls made so far. */
  attempts: z.number().int().nonnegative(),
  lastPolledAt: epochMs.nullable(),
  seen: seenSchema.nullable(),
  finished: finishedSchema.nullable(),
  notice: noticeSchema,
});

export type Watch = z.infer<typeof watchSchema>;
export type WatchSource = Watch['source'];
export type FinishedOutcome = (typeof FINISHED_OUTCOMES)[number];
export type QualitySnapshot = z.infer<typeof qualitySchema>;
export type ConvertsSnapshot = z.infer<typeof convertsSnapshotSchema>;
export type SeenState = z.infer<typeof seenSchema>;
export type NoticeState = Watch['notice'];

/** The store key: one watch per file and Discord user. */
export function watchKey(fileId: string, userId: string): string {
  return `${fileId}:${userId}`;
}

/** Whether the watch is still polling (no outcome yet). */
export function isOpen(watch: Watch): boolean {
  return watch.finished === null;
}

/** Whether the watch has an outcome whose notice still has to go out. */
export function awaitsNotice(watch: Watch): boolean {
  return watch.finished !== null && (watch.notice.state === 'pending' || watch.notice.state === 'sending');
}

/**
 * A nonce derived from the watch's identity and creation time: the same
 * watch always sends the same nonce, and a later watch of the same file gets
 * a different one. 24 characters, within Discord's 25.
 */
export function noticeNonce(fileId: string, userId: string, createdAt: number): string {
  const digest = createHash('sha256').update(`${fileId}:${userId}:${createdAt}`).digest('base64url');
  return `w${digest.slice(0, MAX_NONCE_LENGTH - 2)}`;
}
