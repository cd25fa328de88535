import type { Config } from '../config.js';
import type { HostConnection } from '../host/connection.js';
import { checkFileId } from '../host/ids.js';
import type { SplashFetchOptions } from '../host/splash-image.js';
import type { Logger } from '../logger.js';
import type { CredentialStore } from '../store/credential-store.js';
import { startupDelayMs } from './backoff.js';
import { KeyedLock } from './keyed-lock.js';
import { DEFAULT_NONCE_WINDOW_MS } from './notice-delivery.js';
import type { Notifier } from './notifier.js';
import { MAX_BATCH } from './poller.js';
import { RateLimiter } from './rate-limiter.js';
import { RequestCounter, type WatchRequestCounts } from './request-counter.js';
import { WatchScheduler } from './scheduler.js';
import {
  awaitsNotice,
  isOpen,
  noticeNonce,
  type Watch,
  watchKey,
  WATCH_RECORD_VERSION,
} from './watch-record.js';
import { WatchRunner } from './watch-runner.js';
import type { WatchStore } from './watch-store.js';

export type { Watch } from './watch-record.js';

export interface AddWatchInput {
  fileId: string;
  userId: string;
  guildId: string | null;
  /** The channel of the notice, or null for the user's DM. */
  channelId: string | null;
  fileName?: string;
  source: 'upload' | 'watch';
}

export interface WatchServiceOptions {
  store: WatchStore;
  credentials: Pick<CredentialStore, 'get'>;
  host: Pick<HostConnection, 'forUser'>;
  notifier: Notifier;
  settings: Config['watch'];
  /** Download options of a notice's splash image. */
  splash: SplashFetchOptions;
  logger: Logger;
  /** Epoch milliseconds. */
  now?: () => number;
  /** A number in [0, 1), for jitter. */
  random?: () => number;
  /** See `DEFAULT_NONCE_WINDOW_MS`. */
  nonceWindowMs?: number;
  /** How long a finished watch's record is kept after its notice; default one day. */
  retentionMs?: number;
}

/** Notices still owed at start-up go out spread over at most this many ms. */
const NOTICE_STARTUP_SPREAD_MS = 5000;

/**
 * Durable watches of the host's encoding. Each is stored before `add`
 * resolves and after every poll, and is polled with backoff in per-user
 * batches under a per-credential rate limit and a global concurrency limit
 * (`concurrency` users at a time, each making one request at a time). It ends
 * with one notice, also across crashes (see `notice-delivery.ts`).
 */
export class WatchService {
  readonly #options: WatchServiceOptions;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #lock = new KeyedLock();
  readonly #counter = new RequestCounter();
  readonly #abort = new AbortController();
  readonly #scheduler: WatchScheduler;
  readonly #runner: WatchRunner;
  #state: 'idle' | 'started' | 'stopped' = 'idle';

  constructor(options: WatchServiceOptions) {
    const { settings, logger } = options;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;

    this.#scheduler = new WatchScheduler({
      concurrency: settings.concurrency,
      batchSize: MAX_BATCH,
      coalesceMs: settings.pollMinMs / 2,
      retryGuardMs: settings.pollMinMs,
      run: (userId, keys) => this.#runner.run(userId, keys),
      onRunError: (error, userId) => logger.error({ err: error, userId }, 'watch run failed'),
      now: this.#now,
    });
    this.#runner = new WatchRunner({
      store: options.store,
      lock: this.#lock,
      scheduler: this.#scheduler,
      limiter: new RateLimiter({ perMinute: settings.requestsPerMinute, now: this.#now }),
      counter: this.#counter,
      credentials: options.credentials,
      host: options.host,
      notifier: options.notifier,
      limits: { minMs: settings.pollMinMs, maxMs: settings.pollMaxMs },
      splash: options.splash,
      logger,
      now: this.#now,
      random: this.#random,
      nonceWindowMs: options.nonceWindowMs ?? DEFAULT_NONCE_WINDOW_MS,
      signal: this.#abort.signal,
    });
  }

  /** Host requests made by the watcher since the service was made. */
  get requestCounts(): WatchRequestCounts {
    return this.#counter.snapshot();
  }

  /**
   * Loads every stored watch and schedules it: open ones to poll, finished
   * ones whose notice is still owed to send it. Each gets a random delay, so
   * watches that all fell due while the bot was down do not fire at once.
   */
  async start(): Promise<void> {
    if (this.#state !== 'idle') return;
    this.#state = 'started';

    const now = this.#now();
    const spreadMs = this.#options.settings.pollMinMs;
    let open = 0;
    let notices = 0;

    for (const watch of await this.#options.store.list()) {
      const key = watchKey(watch.fileId, watch.userId);
      if (isOpen(watch)) {
        open += 1;
        const dueAt = Math.max(watch.nextPollAt, now + startupDelayMs(spreadMs, this.#random));
        this.#scheduler.schedule(key, watch.userId, dueAt);
      } else if (awaitsNotice(watch)) {
        notices += 1;
        const dueAt = now + startupDelayMs(Math.min(spreadMs, NOTICE_STARTUP_SPREAD_MS), this.#random);
        this.#scheduler.schedule(key, watch.userId, dueAt);
      } else if (now - (watch.finished?.at ?? now) > (this.#options.retentionMs ?? 86_400_000)) {
        await this.#options.store.delete(watch.fileId, watch.userId);
      }
    }

    this.#scheduler.start();
    this.#options.logger.info({ open, notices }, 'watches resumed');
  }

  /** Stops polling: no new runs start, running ones finish (a notice being sent is sent and recorded). */
  async stop(): Promise<void> {
    if (this.#state === 'stopped') return;
    this.#state = 'stopped';
    this.#abort.abort(new Error('The watch service stopped'));
    await this.#scheduler.stop();
  }

  /**
   * Starts watching a file for a user, stored before this resolves. An open
   * watch of the same file and user (or a finished one whose notice is still
   * owed) is returned as it is, with `created: false`. Throws a
   * `HostInvalidInputError` for a malformed file ID.
   */
  async add(input: AddWatchInput): Promise<{ created: boolean; watch: Watch }> {
    const fileId = checkFileId('file/info', input.fileId);
    const key = watchKey(fileId, input.userId);

    return this.#lock.run(key, async () => {
      const existing = await this.#options.store.get(fileId, input.userId);
      if (existing !== undefined && (isOpen(existing) || awaitsNotice(existing))) {
        return { created: false, watch: existing };
      }

      const watch = this.#newWatch({ ...input, fileId });
      await this.#options.store.put(watch);
      if (this.#state !== 'stopped') this.#scheduler.schedule(key, watch.userId, watch.nextPollAt);

      this.#options.logger.info({ fileId, userId: input.userId, source: input.source }, 'watch added');
      return { created: true, watch };
    });
  }

  /** Returns the user's open watches, oldest first. */
  async listFor(userId: string): Promise<Watch[]> {
    const watches = await this.#options.store.listByUser(userId);
    return watches.filter(isOpen).sort((a, b) => a.createdAt - b.createdAt);
  }

  /** Stops the user's own open watch of the file, without a notice; false when there is none. */
  async cancel(userId: string, fileId: string): Promise<boolean> {
    if (!/^[A-Za-z0-9]{1,64}$/.test(fileId)) return false;

    return this.#lock.run(watchKey(fileId, userId), async () => {
      const watch = await this.#options.store.get(fileId, userId);
      if (watch === undefined || !isOpen(watch)) return false;

      await this.#remove(watch, 'cancelled');
      return true;
    });
  }

  /**
   * Stops every watch of the user that is open or still owes its notice
   * (for `/logout`); returns how many.
   */
  async cancelAllFor(userId: string): Promise<number> {
    let cancelled = 0;

    for (const listed of await this.#options.store.listByUser(userId)) {
      const removed = await this.#lock.run(watchKey(listed.fileId, userId), async () => {
        const watch = await this.#options.store.get(listed.fileId, userId);
        if (watch === undefined || !(isOpen(watch) || awaitsNotice(watch))) return false;

        await this.#remove(watch, 'cancelled');
        return true;
      });
      if (removed) cancelled += 1;
    }
    return cancelled;
  }

  async #remove(watch: Watch, outcome: 'cancelled'): Promise<void> {
    await this.#options.store.delete(watch.fileId, watch.userId);
    this.#scheduler.remove(watchKey(watch.fileId, watch.userId));
    this.#options.logger.info(
      {
        fileId: watch.fileId,
        userId: watch.userId,
        outcome,
        attempts: watch.attempts,
        durationMs: this.#now() - watch.createdAt,
      },
      'watch stopped',
    );
  }

  #newWatch(input: AddWatchInput): Watch {
    const now = this.#now();
    const { settings } = this.#options;

    return {
      v: WATCH_RECORD_VERSION,
      fileId: input.fileId,
      userId: input.userId,
      guildId: input.guildId,
      channelId: input.channelId,
      fileName: input.fileName?.slice(0, 1024) ?? null,
      source: input.source,
      nonce: noticeNonce(input.fileId, input.userId, now),
      createdAt: now,
      deadlineAt: Math.round(now + settings.deadlineMs),
      // Encoding has just started (or the user just asked): the first look comes after the shortest interval.
      nextPollAt: Math.round(now + settings.pollMinMs),
      attempts: 0,
      lastPolledAt: null,
      seen: null,
      finished: null,
      notice: { state: 'none' },
    };
  }
}
