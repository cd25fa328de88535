import { type BackoffLimits, pollDelayMs } from './backoff.js';
import type { PollResult } from './poller.js';
import type { FinishedOutcome, Watch } from './watch-record.js';

/** The clock, poll limits and randomness a state change needs; tests pass fixed ones. */
export interface PollContext {
  now: number;
  limits: BackoffLimits;
  random: () => number;
}

/**
 * The record after one poll, a pure function of the record and what the
 * poll found. A file the host reports done, failed or gone is finished; a
 * file still encoding (or a poll that failed) at or past the deadline is
 * expired; otherwise the next poll is scheduled with backoff, never after
 * the deadline, so that the last poll happens at the deadline itself.
 */
export function applyPollResult(watch: Watch, result: PollResult, context: PollContext): Watch {
  const { now } = context;

  if (result.kind === 'deferred') {
    // The rate limit, not the host, held this poll back: it does not count as an attempt.
    return { ...watch, nextPollAt: now + result.retryInMs };
  }

  const polled: Watch = { ...watch, attempts: watch.attempts + 1, lastPolledAt: now };

  if (result.kind === 'gone') return finish(polled, 'gone', now);

  if (result.kind === 'polled') {
    polled.seen = result.seen;
    polled.fileName = result.fileName.slice(0, 1024);
    if (result.verdict !== 'pending') return finish(polled, result.verdict, now);
  }

  if (now >= watch.deadlineAt) return finish(polled, 'expired', now);

  const delay = pollDelayMs(polled.attempts, context.limits, context.random);
  return { ...polled, nextPollAt: Math.min(watch.deadlineAt, now + delay) };
}

/** Gives the watch its outcome; its notice is due next. */
export function finish(watch: Watch, outcome: FinishedOutcome, now: number): Watch {
  return { ...watch, finished: { outcome, at: now }, notice: { state: 'pending', attempts: 0 } };
}
