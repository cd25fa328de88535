/**
 * Limits how often progress is published (a Discord message edit, typically): at most once per
 * interval, only when the rendered text changed, and never two publishes at once. The final state
 * is published at once, even inside the interval, unless its text is already the last published.
 */
import { formatProgress } from './format-progress.js';
import type { ProgressState } from './progress.js';

/** Runs `callback` after `delayMs` and returns a function that cancels it. */
export type Schedule = (callback: () => void, delayMs: number) => () => void;

export interface ProgressThrottleOptions {
  /** The shortest time between the starts of two publishes, in milliseconds. */
  intervalMs: number;
  /** Shows a state; the throttle awaits it before it starts another. */
  publish: (state: ProgressState, text: string) => Promise<void>;
  /** Renders the text compared between states; `formatProgress` by default. */
  render?: (state: ProgressState) => string;
  /** Milliseconds since any fixed point; `Date.now` by default. */
  now?: () => number;
  /** Timer used to publish a state that arrived inside the interval; an unref'd `setTimeout` by default. */
  schedule?: Schedule;
  /** Receives errors of `publish`; a failed edit must not stop the relay, so they go nowhere else. */
  onError?: (error: unknown) => void;
}

interface Rendered {
  state: ProgressState;
  text: string;
}

const defaultSchedule: Schedule = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs);
  // A pending progress edit must not keep the process alive during shutdown.
  timer.unref();
  return () => clearTimeout(timer);
};

export class ProgressThrottle {
  readonly #options: ProgressThrottleOptions;
  readonly #render: (state: ProgressState) => string;
  readonly #now: () => number;
  readonly #schedule: Schedule;
  #lastText: string | null = null;
  #lastStartedAt = Number.NEGATIVE_INFINITY;
  #pending: Rendered | null = null;
  #inFlight: Promise<void> | null = null;
  #cancelTimer: (() => void) | null = null;
  #finished = false;

  constructor(options: ProgressThrottleOptions) {
    this.#options = options;
    this.#render = options.render ?? formatProgress;
    this.#now = options.now ?? Date.now;
    this.#schedule = options.schedule ?? defaultSchedule;
  }

  /** Offers a new state; it is published now, later in the interval, or never if a newer one replaces it. */
  update(state: ProgressState): void {
    if (this.#finished) return;

    const text = this.#render(state);
    this.#pending = text === this.#lastText ? null : { state, text };
    this.#pump();
  }

  /**
   * Publishes `state` as the last one, after any publish in flight, unless its text is already
   * the last published; later updates are ignored. Resolves once it is published (or failed).
   */
  async finish(state: ProgressState): Promise<void> {
    this.#finished = true;
    this.#pending = null;
    this.#clearTimer();

    while (this.#inFlight !== null) await this.#inFlight;

    const text = this.#render(state);
    if (text === this.#lastText) return;

    await this.#start({ state, text });
  }

  /** Stops without a final publish; resolves once a publish in flight has ended. */
  async stop(): Promise<void> {
    this.#finished = true;
    this.#pending = null;
    this.#clearTimer();

    while (this.#inFlight !== null) await this.#inFlight;
  }

  #pump(): void {
    if (this.#finished || this.#inFlight !== null || this.#pending === null) return;

    const waitMs = this.#lastStartedAt + this.#options.intervalMs - this.#now();

    if (waitMs > 0) {
      this.#cancelTimer ??= this.#schedule(() => {
        this.#cancelTimer = null;
        this.#pump();
      }, waitMs);
      return;
    }

    const next = this.#pending;
    this.#pending = null;

    if (next.text === this.#lastText) return;

    void this.#start(next).then(() => this.#pump());
  }

  #start(next: Rendered): Promise<void> {
    this.#lastText = next.text;
    this.#lastStartedAt = this.#now();

    const publishing = this.#publishSafely(next).finally(() => {
      this.#inFlight = null;
    });

    this.#inFlight = publishing;
    return publishing;
  }

  async #publishSafely(next: Rendered): Promise<void> {
    try {
      await this.#options.publish(next.state, next.text);
    } catch (error) {
      // Forget the failed text, so the same text is offered again on the next update.
      if (this.#lastText === next.text) this.#lastText = null;
      this.#options.onError?.(error);
    }
  }

  #clearTimer(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = null;
  }
}
