/**
 * Limits how many relays run at once, per user and in all. Further jobs wait in one FIFO list.
 * A job whose user is at the per-user limit lets later jobs of other users pass it, but one
 * user's jobs keep their order. Each job has an AbortController, so it can be cancelled while
 * waiting or running.
 */
import { RelayCancelledError } from './errors.js';
import { createJobId } from './job-id.js';

export interface RelayQueueOptions {
  /** Jobs of one user running at once. */
  perUser: number;
  /** Jobs running at once across all users. */
  total: number;
  /** Receives errors thrown by a job's `onPosition` or `onStart`, which must not break the queue. */
  onListenerError?: (error: unknown, jobId: string) => void;
}

export interface EnqueueRequest<T> {
  userId: string;
  /** A name for job lists, e.g. the attachment's file name. */
  label?: string;
  /** The work; it must stop soon after `signal` fires, since the job's slot stays taken until it settles. */
  run: (signal: AbortSignal, jobId: string) => Promise<T>;
  /**
   * Called with the job's position whenever it is queued or its position changes: 1 is the first
   * waiting job. It counts every waiting job queued earlier, so it is an upper bound when earlier
   * jobs of other users wait on their own per-user limit.
   */
  onPosition?: (position: number) => void;
  /** Called when the job leaves the queue and starts running, possibly inside `enqueue`. */
  onStart?: () => void;
}

export type JobState = 'queued' | 'running';

export interface JobInfo {
  /** 10 lower-case base32 characters, safe to put in a custom ID. */
  id: string;
  userId: string;
  label: string | null;
  state: JobState;
  /** Queue position while queued, else null. */
  position: number | null;
}

export interface RelayJob<T> {
  readonly id: string;
  readonly userId: string;
  /** Settles with the job's outcome; rejects with `RelayCancelledError` when cancelled while queued. */
  readonly result: Promise<T>;
}

export type CancelOutcome = 'cancelled' | 'not-found' | 'not-owner';

interface Entry {
  info: JobInfo;
  controller: AbortController;
  request: EnqueueRequest<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Resolves once the job has settled, whatever its outcome. */
  settled: Promise<void>;
}

export class RelayQueue {
  readonly #options: RelayQueueOptions;
  readonly #waiting: Entry[] = [];
  readonly #running = new Map<string, Entry>();
  #closed = false;

  constructor(options: RelayQueueOptions) {
    if (
      !Number.isInteger(options.perUser) ||
      options.perUser < 1 ||
      !Number.isInteger(options.total) ||
      options.total < 1
    ) {
      throw new RangeError(
        `perUser and total must be whole numbers of 1 or more, not ${options.perUser} and ${options.total}`,
      );
    }

    this.#options = options;
  }

  /** Queues a job, or starts it at once when the limits allow. After `shutdown` the job is rejected as cancelled. */
  enqueue<T>(request: EnqueueRequest<T>): RelayJob<T> {
    const id = this.#uniqueId();
    let resolve!: (value: unknown) => void;
    let reject!: (error: unknown) => void;
    const result = new Promise<T>((onResolve, onReject) => {
      resolve = onResolve as (value: unknown) => void;
      reject = onReject;
    });

    const entry: Entry = {
      info: { id, userId: request.userId, label: request.label ?? null, state: 'queued', position: null },
      controller: new AbortController(),
      request: request as EnqueueRequest<unknown>,
      resolve,
      reject,
      settled: result.then(
        () => undefined,
        () => undefined,
      ),
    };

    if (this.#closed) {
      reject(new RelayCancelledError('shutdown'));
      return { id, userId: request.userId, result };
    }

    this.#waiting.push(entry);
    this.#drain();

    return { id, userId: request.userId, result };
  }

  /**
   * Cancels a job for its owner: a waiting job leaves the queue at once, a running job is aborted
   * and keeps its slot until it settles. Another user's job is left alone.
   */
  cancel(jobId: string, userId: string): CancelOutcome {
    const entry = this.#running.get(jobId) ?? this.#waiting.find((candidate) => candidate.info.id === jobId);

    if (entry === undefined) return 'not-found';
    if (entry.info.userId !== userId) return 'not-owner';

    this.#abort(entry, new RelayCancelledError('user'));
    return 'cancelled';
  }

  /** Lists the user's running jobs in start order, then their waiting jobs in queue order. */
  activeJobs(userId: string): JobInfo[] {
    return [...this.#running.values(), ...this.#waiting]
      .filter((entry) => entry.info.userId === userId)
      .map((entry) => ({ ...entry.info }));
  }

  /** Jobs running and waiting, across all users. */
  get counts(): { running: number; queued: number } {
    return { running: this.#running.size, queued: this.#waiting.length };
  }

  /** Rejects further jobs, cancels every job, and resolves once all running jobs have settled. */
  async shutdown(): Promise<void> {
    this.#closed = true;

    const everyEntry = [...this.#running.values(), ...this.#waiting];
    for (const entry of everyEntry) this.#abort(entry, new RelayCancelledError('shutdown'));

    await Promise.all(everyEntry.map((entry) => entry.settled));
  }

  #abort(entry: Entry, reason: RelayCancelledError): void {
    if (!entry.controller.signal.aborted) entry.controller.abort(reason);

    const index = this.#waiting.indexOf(entry);
    if (index === -1) return;

    this.#waiting.splice(index, 1);
    entry.reject(reason);
    this.#updatePositions();
  }

  /** Starts every waiting job the limits allow, oldest first, then reports the new positions of the rest. */
  #drain(): void {
    for (const entry of [...this.#waiting]) {
      if (this.#closed || this.#running.size >= this.#options.total) break;
      if (this.#runningFor(entry.info.userId) >= this.#options.perUser) continue;

      this.#waiting.splice(this.#waiting.indexOf(entry), 1);
      this.#start(entry);
    }

    this.#updatePositions();
  }

  #start(entry: Entry): void {
    entry.info.state = 'running';
    entry.info.position = null;
    this.#running.set(entry.info.id, entry);
    this.#notify(entry, () => entry.request.onStart?.());

    // Wrapped so that a `run` that throws before returning a promise still settles the job.
    const running = new Promise<unknown>((resolve) =>
      resolve(entry.request.run(entry.controller.signal, entry.info.id)),
    );

    running.then(
      (value) => {
        this.#release(entry);
        entry.resolve(value);
      },
      (error: unknown) => {
        this.#release(entry);
        entry.reject(error);
      },
    );
  }

  /** Frees the job's slot before its result settles, so code awaiting the result can queue a job that starts at once. */
  #release(entry: Entry): void {
    this.#running.delete(entry.info.id);
    this.#drain();
  }

  #updatePositions(): void {
    this.#waiting.forEach((entry, index) => {
      const position = index + 1;
      if (entry.info.position === position) return;

      entry.info.position = position;
      this.#notify(entry, () => entry.request.onPosition?.(position));
    });
  }

  #runningFor(userId: string): number {
    let count = 0;
    for (const entry of this.#running.values()) if (entry.info.userId === userId) count += 1;
    return count;
  }

  #notify(entry: Entry, listener: () => void): void {
    try {
      listener();
    } catch (error) {
      this.#options.onListenerError?.(error, entry.info.id);
    }
  }

  #uniqueId(): string {
    const taken = (id: string) =>
      this.#running.has(id) || this.#waiting.some((entry) => entry.info.id === id);
    let id = createJobId();
    while (taken(id)) id = createJobId();
    return id;
  }
}
