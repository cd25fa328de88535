import type { HostClient } from '../host/client.js';
import { HostNotFoundError, HostPermissionError } from '../host/errors.js';
import type { EncodingStatus, FileInfoEntry } from '../host/types.js';
import { type ConvertsReason, convertsReason, type EncodingVerdict, judgeEncoding } from './completion.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RequestCounter } from './request-counter.js';
import { type ConvertsSnapshot, type SeenState, type Watch, watchKey } from './watch-record.js';

/** The host's limit of IDs in one `file/info` request. */
export const MAX_BATCH = 50;

/** The host's `encoding_summary` is free text; the record keeps this much of it. */
const MAX_SUMMARY_LENGTH = 64;

/** The result of one poll for one watch. */
export type PollResult =
  | {
      kind: 'polled';
      seen: SeenState;
      fileName: string;
      verdict: EncodingVerdict;
      /** The reason `file/converts` was requested, or null when `file/info` was enough. */
      convertsReason: ConvertsReason | null;
    }
  /** The host no longer shows the file to this account (not found, or another account's). */
  | { kind: 'gone'; reason: string }
  /** The rate limit left no request for this file's `file/converts`: poll again after `retryInMs`. */
  | { kind: 'deferred'; retryInMs: number }
  | { kind: 'error'; error: unknown };

export interface PollDeps {
  client: HostClient;
  limiter: RateLimiter;
  /** The rate limiter's key for this user's credentials. */
  limiterKey: string;
  counter: RequestCounter;
  now: () => number;
}

/**
 * Polls up to 50 watches of one user: one `file/info` for all of them, then
 * `file/converts` only for the files `convertsReason` picks, each request
 * taken from the credential's rate limit. Returns a result per watch key.
 */
export async function pollBatch(watches: readonly Watch[], deps: PollDeps): Promise<Map<string, PollResult>> {
  if (watches.length > MAX_BATCH) throw new RangeError(`At most ${MAX_BATCH} watches per poll`);

  const results = new Map<string, PollResult>();
  const waitMs = deps.limiter.tryTake(deps.limiterKey);
  if (waitMs > 0) {
    for (const watch of watches) results.set(keyOf(watch), { kind: 'deferred', retryInMs: waitMs });
    return results;
  }

  let entries: FileInfoEntry[];
  try {
    deps.counter.count('file/info');
    entries = await deps.client.fileInfo(watches.map((watch) => watch.fileId));
  } catch (error) {
    for (const watch of watches) results.set(keyOf(watch), { kind: 'error', error });
    return results;
  }

  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  for (const watch of watches) {
    const entry = byId.get(watch.fileId);
    results.set(keyOf(watch), entry ? await pollOne(watch, entry, deps) : missingEntry(watch));
  }
  return results;
}

async function pollOne(watch: Watch, entry: FileInfoEntry, deps: PollDeps): Promise<PollResult> {
  if (!entry.ok) {
    if (isGone(entry.error)) return { kind: 'gone', reason: entry.error.code };
    return { kind: 'error', error: entry.error };
  }

  const available = storableAvailability(entry.file.availableQualities);
  const reason = convertsReason({
    previous: watch.seen?.available ?? null,
    current: available,
    attempts: watch.attempts,
  });
  const seenAt = deps.now();

  if (reason === null) {
    const seen = { at: seenAt, available, converts: watch.seen?.converts ?? null };
    return { kind: 'polled', seen, fileName: entry.file.name, verdict: 'pending', convertsReason: null };
  }

  const waitMs = deps.limiter.tryTake(deps.limiterKey);
  // Leaving `seen` as it was keeps the reason alive for the next poll.
  if (waitMs > 0) return { kind: 'deferred', retryInMs: waitMs };

  let status: EncodingStatus;
  try {
    deps.counter.count('file/converts');
    status = await deps.client.converts(watch.fileId);
  } catch (error) {
    if (isGone(error)) return { kind: 'gone', reason: error.code };
    return { kind: 'error', error };
  }

  const seen = { at: seenAt, available, converts: snapshotOf(status, deps.now()) };
  return {
    kind: 'polled',
    seen,
    fileName: entry.file.name,
    verdict: judgeEncoding(status),
    convertsReason: reason,
  };
}

function isGone(error: unknown): error is HostNotFoundError | HostPermissionError {
  return error instanceof HostNotFoundError || error instanceof HostPermissionError;
}

/** `HostClient.fileInfo` returns an entry per ID; this covers a client that ever does not. */
function missingEntry(watch: Watch): PollResult {
  return { kind: 'error', error: new Error(`file/info returned no entry for ${watch.fileId}`) };
}

function snapshotOf(status: EncodingStatus, at: number): ConvertsSnapshot {
  return {
    at,
    summary: status.summary.slice(0, MAX_SUMMARY_LENGTH),
    playable: status.playable,
    link: status.link,
    qualities: status.qualities.slice(0, 16).map((quality) => ({
      label: quality.label.slice(0, 32),
      progress: Math.min(100, Math.max(0, quality.progress)),
      converted: quality.converted,
      skipped: quality.skipped,
      done: quality.done,
      createdAt: quality.createdAt,
      updatedAt: quality.updatedAt,
    })),
  };
}

/** Quality labels are host text; the record keeps at most 16 labels of up to 32 characters. */
function storableAvailability(available: Record<string, boolean>): Record<string, boolean> {
  const kept = Object.entries(available).filter(([label]) => label.length <= 32);
  return Object.fromEntries(kept.slice(0, 16));
}

function keyOf(watch: Watch): string {
  return watchKey(watch.fileId, watch.userId);
}
