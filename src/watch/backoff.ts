/**
 * Poll delays: each poll waits longer than the one before, from `minMs` up to
 * `maxMs`, so a long encoding costs few requests while a short one is seen
 * soon. Jitter keeps watches made at the same moment from polling in step.
 */

export interface BackoffLimits {
  minMs: number;
  maxMs: number;
}

/** Each delay is this many times the one before, before jitter. */
export const BACKOFF_GROWTH = 1.5;

/** Each delay is moved at random by up to this fraction, staying within the limits. */
export const BACKOFF_JITTER = 0.2;

/**
 * The delay before the poll after `attempts` polls: `minMs * 1.5^attempts`,
 * moved by up to ±20 %, then clamped to `[minMs, maxMs]`. `random` returns a
 * number in [0, 1).
 */
export function pollDelayMs(
  attempts: number,
  limits: BackoffLimits,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, attempts);
  const base = Math.min(limits.maxMs, limits.minMs * BACKOFF_GROWTH ** exponent);
  const factor = 1 - BACKOFF_JITTER + 2 * BACKOFF_JITTER * random();
  return Math.round(clamp(base * factor, limits.minMs, limits.maxMs));
}

/**
 * A random delay in `[0, spreadMs)` for a watch resumed at start-up, so that
 * watches which all became due while the bot was down do not fire in the same
 * second.
 */
export function startupDelayMs(spreadMs: number, random: () => number = Math.random): number {
  return Math.floor(Math.max(0, spreadMs) * random());
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
