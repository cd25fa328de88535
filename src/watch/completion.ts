import type { EncodingStatus, QualityStatus } from '../host/types.js';

/**
 * The rules that decide when a watched file's encoding is over, and when a
 * poll needs the costly `file/converts` on top of the batched `file/info`.
 * Pure functions of what the host returned.
 */

export type EncodingVerdict = 'done' | 'failed' | 'pending';

/** Summaries with which the host reports a failed encoding, compared in lower case. */
const FAILED_SUMMARIES = new Set(['failed', 'error']);

/** `file/converts` runs at least every this many polls, whatever `file/info` shows. */
export const CONVERTS_SAFETY_NET_EVERY = 4;

/**
 * Judges one `file/converts` result. The host's failure summary wins. Done is
 * either the host's own word (summary "success" and playable), or every
 * quality that is not skipped being done. A skipped quality may also report
 * converted at 0 %, so it counts as irrelevant, never as done or pending.
 */
export function judgeEncoding(
  status: Pick<EncodingStatus, 'summary' | 'playable' | 'qualities'>,
): EncodingVerdict {
  if (FAILED_SUMMARIES.has(status.summary.trim().toLowerCase())) return 'failed';

  if (status.summary.trim().toLowerCase() === 'success' && status.playable) return 'done';
  if (allProducedQualitiesDone(status.qualities)) return 'done';

  return 'pending';
}

/** True when at least one quality is produced and every produced one is done. */
export function allProducedQualitiesDone(
  qualities: readonly Pick<QualityStatus, 'skipped' | 'done'>[],
): boolean {
  const produced = qualities.filter((quality) => !quality.skipped);
  return produced.length > 0 && produced.every((quality) => quality.done);
}

/** The reason a poll requests `file/converts` (see `convertsReason`). */
export type ConvertsReason = 'first-poll' | 'availability-changed' | 'all-available' | 'safety-net';

/**
 * Decides whether this poll calls `file/converts` for a file, from the
 * `available_qualities` of the previous and the current `file/info`:
 *
 * - first poll: nothing to compare with, and `file/info` cannot tell a
 *   finished file (its missing qualities skipped) or a failed one (nothing
 *   ever available) from one still encoding;
 * - availability changed: a quality finished, possibly the last one;
 * - all available: nothing seems left to encode, so converts confirms it
 *   (and is asked again on each poll until it does);
 * - safety net, every `CONVERTS_SAFETY_NET_EVERY`th poll: a failure or a
 *   stalled job changes nothing in `file/info`, so without it a failed
 *   encoding would only be noticed at the deadline.
 *
 * Returns null when `file/info` alone shows the file is still encoding.
 */
export function convertsReason(input: {
  previous: Record<string, boolean> | null;
  current: Record<string, boolean>;
  /** Polls made before this one. */
  attempts: number;
}): ConvertsReason | null {
  const { previous, current, attempts } = input;

  if (previous === null) return 'first-poll';
  if (!sameAvailability(previous, current)) return 'availability-changed';

  const values = Object.values(current);
  if (values.length > 0 && values.every(Boolean)) return 'all-available';

  if ((attempts + 1) % CONVERTS_SAFETY_NET_EVERY === 0) return 'safety-net';
  return null;
}

function sameAvailability(a: Record<string, boolean>, b: Record<string, boolean>): boolean {
  const labels = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const label of labels) {
    if ((a[label] ?? false) !== (b[label] ?? false)) return false;
  }
  return true;
}

/**
 * How long the host took to encode, from its own timestamps: the first
 * produced quality's creation to the last one's update. Null when the host
 * sent no usable timestamps.
 */
export function hostEncodingMs(
  qualities: readonly Pick<QualityStatus, 'skipped' | 'createdAt' | 'updatedAt'>[],
): number | null {
  const produced = qualities.filter((quality) => !quality.skipped);
  const starts = produced.flatMap((quality) => (quality.createdAt === null ? [] : [quality.createdAt]));
  const ends = produced.flatMap((quality) => (quality.updatedAt === null ? [] : [quality.updatedAt]));
  if (starts.length === 0 || ends.length === 0) return null;

  const duration = Math.max(...ends) - Math.min(...starts);
  return duration >= 0 ? duration : null;
}
