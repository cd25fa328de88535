/**
 * Turns a relay's progress events into display state: phase, bytes, percent, speed and time left.
 * Speed is a moving average over the last few seconds of the current phase and attempt, so one
 * slow or fast chunk does not swing it.
 */
import type { RelayPhase, RelayProgressEvent } from './progress-event.js';

/** The event phases plus the two ends a relay reaches by throwing, which the caller reports. */
export type ProgressPhase = RelayPhase | 'failed' | 'cancelled';

export interface ProgressState {
  /** The attachment's file name. */
  name: string;
  phase: ProgressPhase;
  bytes: number;
  total: number | null;
  /** Whole percent, 0 to 100, rounded down so 100 appears only when every byte is through; null without a total. */
  percent: number | null;
  /** Moving average in bytes per second; null until the phase has run for `MIN_SPEED_SPAN_MS`. */
  bytesPerSecond: number | null;
  /** Estimate from the moving average; null without a total or a speed. */
  secondsLeft: number | null;
  /** Queue position while queued, else null. */
  position: number | null;
  /** Upload attempt (1-based) while uploading or retrying, else null. */
  attempt: number | null;
  maxAttempts: number | null;
  /** Wait before the next upload attempt while retrying, in milliseconds, else null. */
  retryInMs: number | null;
  /** The error's user message when failed, else null. */
  errorMessage: string | null;
}

export interface ProgressTrackerOptions {
  name: string;
  /** Milliseconds since any fixed point; `Date.now` by default. Tests pass a fake clock. */
  now?: () => number;
  /** Span of the speed's moving average in milliseconds; 5 s by default. */
  speedWindowMs?: number;
}

/** The shortest span of samples a speed is computed from, in milliseconds; shorter spans are noise. */
const MIN_SPEED_SPAN_MS = 1_000;

interface Sample {
  at: number;
  bytes: number;
}

export class ProgressTracker {
  #state: ProgressState;
  #samples: Sample[] = [];
  readonly #now: () => number;
  readonly #windowMs: number;

  constructor(options: ProgressTrackerOptions) {
    this.#now = options.now ?? Date.now;
    this.#windowMs = options.speedWindowMs ?? 5_000;
    this.#state = {
      name: options.name,
      phase: 'queued',
      bytes: 0,
      total: null,
      percent: null,
      bytesPerSecond: null,
      secondsLeft: null,
      position: null,
      attempt: null,
      maxAttempts: null,
      retryInMs: null,
      errorMessage: null,
    };
  }

  get state(): ProgressState {
    return this.#state;
  }

  /** Applies one event and returns the new state. */
  update(event: RelayProgressEvent): ProgressState {
    const attempt = event.phase === 'uploading' || event.phase === 'retrying' ? event.attempt : null;
    const previous = this.#state;

    // A new phase or attempt starts counting from zero, so its speed must not mix with the old one.
    if (event.phase !== previous.phase || attempt !== previous.attempt || event.bytes < previous.bytes) {
      this.#samples = [];
    }

    const speed = this.#sampleSpeed(event);

    this.#state = {
      ...previous,
      phase: event.phase,
      bytes: event.bytes,
      total: event.total,
      percent: percentOf(event.bytes, event.total),
      bytesPerSecond: speed,
      secondsLeft: timeLeft(event.bytes, event.total, speed),
      position: event.phase === 'queued' ? event.position : null,
      attempt,
      maxAttempts: event.phase === 'uploading' || event.phase === 'retrying' ? event.maxAttempts : null,
      retryInMs: event.phase === 'retrying' ? event.delayMs : null,
      errorMessage: null,
    };

    return this.#state;
  }

  /** Marks the relay failed with a message for the user. */
  fail(userMessage: string): ProgressState {
    this.#state = { ...this.#endState('failed'), errorMessage: userMessage };
    return this.#state;
  }

  /** Marks the relay cancelled. */
  cancel(): ProgressState {
    this.#state = this.#endState('cancelled');
    return this.#state;
  }

  #endState(phase: 'failed' | 'cancelled'): ProgressState {
    return {
      ...this.#state,
      phase,
      bytesPerSecond: null,
      secondsLeft: null,
      retryInMs: null,
      position: null,
    };
  }

  #sampleSpeed(event: RelayProgressEvent): number | null {
    if (event.phase !== 'downloading' && event.phase !== 'uploading') return null;

    const at = this.#now();
    this.#samples.push({ at, bytes: event.bytes });

    // Keep one sample at or before the window's start, so the average spans the whole window.
    while (this.#samples.length > 2 && (this.#samples[1]?.at ?? at) <= at - this.#windowMs) {
      this.#samples.shift();
    }

    const oldest = this.#samples[0];
    if (oldest === undefined || at - oldest.at < MIN_SPEED_SPAN_MS) return null;

    return ((event.bytes - oldest.bytes) * 1000) / (at - oldest.at);
  }
}

function percentOf(bytes: number, total: number | null): number | null {
  if (total === null || total <= 0) return null;

  return Math.min(100, Math.floor((bytes * 100) / total));
}

function timeLeft(bytes: number, total: number | null, speed: number | null): number | null {
  if (total === null || speed === null || speed <= 0) return null;

  return Math.max(0, (total - bytes) / speed);
}
