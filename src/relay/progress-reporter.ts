import { ProgressThrottle, type ProgressThrottleOptions } from './progress-throttle.js';
import type { RelayProgressEvent } from './progress-event.js';
import { ProgressTracker, type ProgressState } from './progress.js';

export interface ProgressReporterOptions extends ProgressThrottleOptions {
  /** The attachment's file name, shown in every line. */
  name: string;
  /** Span of the speed's moving average in milliseconds; 5 s by default. */
  speedWindowMs?: number;
}

/**
 * Joins a tracker and a throttle: pass `onProgress` to `relayAttachment` (and to the queue's
 * position callback as a `queued` event), then end with `finish`, `fail` or `cancel`, which
 * publish the final state at once.
 */
export class ProgressReporter {
  readonly #tracker: ProgressTracker;
  readonly #throttle: ProgressThrottle;

  constructor(options: ProgressReporterOptions) {
    this.#tracker = new ProgressTracker({
      name: options.name,
      now: options.now,
      speedWindowMs: options.speedWindowMs,
    });
    this.#throttle = new ProgressThrottle(options);
  }

  get state(): ProgressState {
    return this.#tracker.state;
  }

  /** Applies an event; bound, so it can be passed as a callback as it is. */
  readonly onProgress = (event: RelayProgressEvent): void => {
    this.#throttle.update(this.#tracker.update(event));
  };

  /** Publishes the current state (normally `done`) as the final one. */
  finish(): Promise<void> {
    return this.#throttle.finish(this.#tracker.state);
  }

  /** Publishes a failure with the error's user message as the final state. */
  fail(userMessage: string): Promise<void> {
    return this.#throttle.finish(this.#tracker.fail(userMessage));
  }

  /** Publishes the cancellation as the final state. */
  cancel(): Promise<void> {
    return this.#throttle.finish(this.#tracker.cancel());
  }

  /** Stops publishing without a final state, for a caller that replaces the message itself. */
  stop(): Promise<void> {
    return this.#throttle.stop();
  }
}
