import { setTimeout as delay } from 'node:timers/promises';
import { HostRateLimitError, type HostEndpoint, type HostError, type HostErrorCode } from './errors.js';

/** Retry settings of GET requests. Upload POSTs are never retried. */
export interface RetryPolicy {
  /** Retries after the first try; 0 disables retrying. */
  attempts: number;
  /** The backoff's first ceiling, in milliseconds; it doubles with each retry. */
  baseDelayMs: number;
  /** The maximum wait before a retry, in milliseconds, `Retry-After` included. */
  maxDelayMs: number;
}

/** Reported before each retry. It contains no URL, so it is safe to log as it is. */
export interface HostRetryEvent {
  endpoint: HostEndpoint;
  /** The try that failed, counting from 1. */
  attempt: number;
  delayMs: number;
  code: HostErrorCode;
  httpStatus: number | null;
  envelopeStatus: number | null;
}

/**
 * Returns the wait before retrying after `error`, or null when it is not retried. That is the
 * case when the error is not transient (a 4xx, an invalid response) or the retries are used up.
 * It is also the case when `Retry-After` requests a longer wait than `maxDelayMs`, because a
 * retry sent earlier would not honour it.
 * Without `Retry-After` the wait is exponential backoff with full jitter: a random time between
 * 0 and min(maxDelayMs, baseDelayMs × 2^retriesDone).
 */
export function retryDelay(
  policy: RetryPolicy,
  error: HostError,
  retriesDone: number,
  random: () => number = Math.random,
): number | null {
  if (!error.retryable || retriesDone >= policy.attempts) return null;

  if (error instanceof HostRateLimitError && error.retryAfterMs !== null) {
    return error.retryAfterMs <= policy.maxDelayMs ? error.retryAfterMs : null;
  }

  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retriesDone);
  return Math.round(random() * ceiling);
}

/** Parses `Retry-After` (seconds, or an HTTP date) into milliseconds from `now`; null when absent or invalid. */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return null;

  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;

  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Waits `ms`; rejects with the signal's reason when `signal` aborts first. */
export async function wait(ms: number, signal?: AbortSignal): Promise<void> {
  await delay(ms, undefined, signal === undefined ? undefined : { signal });
}
