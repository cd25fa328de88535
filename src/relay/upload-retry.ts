/**
 * Upload attempts from the spool file. The host client never retries an upload POST itself, so
 * this module decides. Connection failures, timeouts, 5xx responses and 429 are retried with
 * exponential backoff and jitter. Every other rejection (a 400 for a SHA-1 mismatch, a 403) is final.
 *
 * NOTE: a timeout after the whole body was sent can hide an upload the host stored, so the retry
 * may create a second copy. The host API offers no idempotency key to prevent that.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { isHostError, type HostError, HostRateLimitError } from '../host/errors.js';
import type { UploadInput, UploadResult } from '../host/types.js';
import { RelayUploadFailedError, cancellationFrom, throwIfCancelled } from './errors.js';

/** The part of the host client the relay uses. */
export interface RelayUploadClient {
  upload(input: UploadInput): Promise<UploadResult>;
}

export interface UploadRetryPolicy {
  /** Upload attempts in all, the first included; 1 means no retry. */
  attempts: number;
  /** The wait before the second attempt, in milliseconds, before jitter; it doubles per attempt. */
  baseDelayMs: number;
  /** The maximum wait between two attempts, in milliseconds. */
  maxDelayMs: number;
}

/** Four attempts over roughly 2 + 4 + 8 seconds (minus jitter) ride out a host restart. */
export const DEFAULT_UPLOAD_RETRY: UploadRetryPolicy = {
  attempts: 4,
  baseDelayMs: 2_000,
  maxDelayMs: 30_000,
};

export interface RetryHooks {
  signal?: AbortSignal;
  /** Called before each attempt with its 1-based number. */
  onAttempt?: (attempt: number) => void;
  /** Called after a retryable failure, before the wait. */
  onRetry?: (attempt: number, delayMs: number, error: HostError) => void;
  /** A number in [0, 1) for jitter; tests pass a fixed one. */
  random?: () => number;
}

/**
 * Calls `client.upload(input)` until it succeeds, fails with an error that is not retryable, or
 * `policy.attempts` have failed. Throws `RelayUploadFailedError` or, once `hooks.signal` fires,
 * `RelayCancelledError`; waits between attempts end early on abort.
 */
export async function uploadWithRetry(
  client: RelayUploadClient,
  input: UploadInput,
  policy: UploadRetryPolicy,
  hooks: RetryHooks = {},
): Promise<{ result: UploadResult; attempts: number }> {
  const { signal } = hooks;
  const random = hooks.random ?? Math.random;

  for (let attempt = 1; ; attempt += 1) {
    throwIfCancelled(signal);

    hooks.onAttempt?.(attempt);

    try {
      const result = await client.upload({ ...input, signal });
      return { result, attempts: attempt };
    } catch (error) {
      throwIfCancelled(signal);

      if (!isRetryable(error) || attempt >= policy.attempts) throw uploadFailure(error, attempt);

      const delayMs = retryDelay(attempt, policy, random, error);
      hooks.onRetry?.(attempt, delayMs, error);
      await abortableSleep(delayMs, signal);
    }
  }
}

/**
 * Returns the wait in milliseconds after failed attempt `attempt`: half of
 * `baseDelayMs * 2^(attempt-1)` plus a random share of the other half, so parallel relays spread
 * out. A 429's Retry-After raises it. The result is capped at `maxDelayMs`.
 */
export function retryDelay(
  attempt: number,
  policy: UploadRetryPolicy,
  random: () => number,
  error?: HostError,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  const retryAfter = error instanceof HostRateLimitError ? (error.retryAfterMs ?? 0) : 0;

  return Math.round(Math.min(policy.maxDelayMs, Math.max(jittered, retryAfter)));
}

function isRetryable(error: unknown): error is HostError {
  return isHostError(error) && error.retryable;
}

function uploadFailure(error: unknown, attempts: number): RelayUploadFailedError {
  if (!isHostError(error)) {
    return new RelayUploadFailedError({
      attempts,
      hostCode: null,
      userMessage:
        "The upload failed because of an error in the bot. Try again, and tell the bot's operator if it keeps happening.",
      cause: error,
    });
  }

  const userMessage =
    attempts > 1 ? `The bot tried the upload ${attempts} times. ${error.userMessage}` : error.userMessage;

  return new RelayUploadFailedError({ attempts, hostCode: error.code, userMessage, cause: error });
}

async function abortableSleep(delayMs: number, signal: AbortSignal | undefined): Promise<void> {
  try {
    await sleep(delayMs, undefined, { signal });
  } catch (error) {
    if (signal?.aborted === true) throw cancellationFrom(signal);
    throw error;
  }
}
