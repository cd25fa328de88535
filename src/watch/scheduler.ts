/**
 * Decides when each user's due watches run. It keeps only due times in
 * memory (the records stay in the store), runs at most `concurrency` users at
 * once and at most one run per user, and hands each run up to `batchSize`
 * keys: the due ones plus those due within `coalesceMs`, so that one batched
 * `file/info` serves watches that would otherwise poll a moment apart.
 */

export interface SchedulerOptions {
  concurrency: number;
  batchSize: number;
  coalesceMs: number;
  /**
   * Keys handed to a run are moved this far ahead until the run schedules
   * them again, so a run that throws before rescheduling cannot spin.
   */
  retryGuardMs: number;
  run(userId: string, keys: string[]): Promise<void>;
  onRunError(error: unknown, userId: string): void;
  /** Epoch milliseconds. */
  now?: () => number;
}

interface Entry {
  userId: string;
  dueAt: number;
}

/** setTimeout's largest delay (about 24.8 days); later due times are re-checked then. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class WatchScheduler {
  readonly #options: SchedulerOptions;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();
  readonly #running = new Map<string, Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  #armQueued = false;
  #state: 'idle' | 'started' | 'stopped' = 'idle';

  constructor(options: SchedulerOptions) {
    if (!(options.concurrency >= 1)) throw new RangeError('concurrency must be at least 1');
    if (!(options.batchSize >= 1)) throw new RangeError('batchSize must be at least 1');

    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Keys waiting for a run or running now. */
  get size(): number {
    return this.#entries.size;
  }

  /** Sets (or moves) the time `key` is due. */
  schedule(key: string, userId: string, dueAt: number): void {
    this.#entries.set(key, { userId, dueAt });
    this.#armSoon();
  }

  remove(key: string): void {
    this.#entries.delete(key);
  }

  has(key: string): boolean {
    return this.#entries.has(key);
  }

  start(): void {
    if (this.#state !== 'idle') return;
    this.#state = 'started';
    this.#tick();
  }

  /** Starts no more runs and waits for the running ones to finish. */
  async stop(): Promise<void> {
    this.#state = 'stopped';
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await Promise.allSettled([...this.#running.values()]);
  }

  #tick(): void {
    if (this.#state !== 'started') return;

    const now = this.#now();
    const earliestByUser = new Map<string, number>();
    for (const entry of this.#entries.values()) {
      if (entry.dueAt > now || this.#running.has(entry.userId)) continue;
      const earliest = earliestByUser.get(entry.userId);
      if (earliest === undefined || entry.dueAt < earliest) earliestByUser.set(entry.userId, entry.dueAt);
    }

    const users = [...earliestByUser].sort((a, b) => a[1] - b[1]);
    for (const [userId] of users) {
      if (this.#running.size >= this.#options.concurrency) break;
      this.#startRun(userId, now);
    }

    this.#arm();
  }

  #startRun(userId: string, now: number): void {
    const keys = this.#pick(userId, now);
    for (const key of keys) {
      const entry = this.#entries.get(key);
      if (entry) entry.dueAt = now + this.#options.retryGuardMs;
    }

    const run = Promise.resolve()
      .then(() => this.#options.run(userId, keys))
      .catch((error: unknown) => this.#options.onRunError(error, userId))
      .finally(() => {
        this.#running.delete(userId);
        this.#tick();
      });
    this.#running.set(userId, run);
  }

  #pick(userId: string, now: number): string[] {
    const horizon = now + this.#options.coalesceMs;
    return [...this.#entries]
      .filter(([, entry]) => entry.userId === userId && entry.dueAt <= horizon)
      .sort((a, b) => a[1].dueAt - b[1].dueAt)
      .slice(0, this.#options.batchSize)
      .map(([key]) => key);
  }

  /** Re-arms once per turn of the event loop, however many keys were scheduled in it. */
  #armSoon(): void {
    if (this.#armQueued) return;
    this.#armQueued = true;
    queueMicrotask(() => {
      this.#armQueued = false;
      this.#arm();
    });
  }

  #arm(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#state !== 'started' || this.#running.size >= this.#options.concurrency) return;

    let earliest = Number.POSITIVE_INFINITY;
    for (const entry of this.#entries.values()) {
      if (!this.#running.has(entry.userId) && entry.dueAt < earliest) earliest = entry.dueAt;
    }
    if (earliest === Number.POSITIVE_INFINITY) return;

    const delay = Math.min(MAX_TIMER_MS, Math.max(0, earliest - this.#now()));
    this.#timer = setTimeout(() => this.#tick(), delay);
    // The Discord client keeps the process alive; a pending poll alone should not.
    this.#timer.unref();
  }
}
