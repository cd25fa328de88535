import { createHash } from 'node:crypto';
import type { HostConnection } from '../host/connection.js';
import type { Logger } from '../logger.js';
import type { CredentialStore } from '../store/credential-store.js';
import type { SplashFetchOptions } from '../host/splash-image.js';
import type { HostCredentials } from '../host/types.js';
import type { BackoffLimits } from './backoff.js';
import { pollDelayMs } from './backoff.js';
import { ErrorLogThrottle } from './error-log-throttle.js';
import type { KeyedLock } from './keyed-lock.js';
import { deliverNotice } from './notice-delivery.js';
import { noticeImage } from './notice-image.js';
import type { Notifier } from './notifier.js';
import { applyPollResult } from './poll-outcome.js';
import { pollBatch, type PollResult } from './poller.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RequestCounter } from './request-counter.js';
import type { WatchScheduler } from './scheduler.js';
import { awaitsNotice, isOpen, type Watch, watchKey } from './watch-record.js';
import type { WatchStore } from './watch-store.js';

/** The services a run shares with the watch service. */
export interface WatchRuntime {
  store: WatchStore;
  lock: KeyedLock;
  scheduler: WatchScheduler;
  limiter: RateLimiter;
  counter: RequestCounter;
  credentials: Pick<CredentialStore, 'get'>;
  host: Pick<HostConnection, 'forUser'>;
  notifier: Notifier;
  limits: BackoffLimits;
  splash: SplashFetchOptions;
  logger: Logger;
  now: () => number;
  random: () => number;
  nonceWindowMs: number;
  /** Aborted when the service stops. */
  signal: AbortSignal;
}

/**
 * One run of the scheduler for one user's due watches: sends the notices
 * that are due, then polls the open watches in one batch and stores what
 * each poll found, each record changed inside its key's lock.
 */
export class WatchRunner {
  readonly #errors: ErrorLogThrottle;

  constructor(private readonly runtime: WatchRuntime) {
    this.#errors = new ErrorLogThrottle(60_000, runtime.now);
  }

  async run(userId: string, keys: readonly string[]): Promise<void> {
    const { store, scheduler } = this.runtime;
    const open: Watch[] = [];

    for (const key of keys) {
      const [fileId = ''] = key.split(':');
      const watch = await store.get(fileId, userId);

      if (watch !== undefined && isOpen(watch)) open.push(watch);
      else if (watch !== undefined && awaitsNotice(watch)) await this.deliver(watch);
      else scheduler.remove(key);
    }

    if (open.length > 0) await this.#poll(userId, open);
  }

  /** Sends the watch's notice and schedules a retry, or removes the key from the scheduler once the notice is settled. */
  async deliver(watch: Watch): Promise<void> {
    const { runtime } = this;
    const key = watchKey(watch.fileId, watch.userId);
    const credentials = await this.#credentialsOrNull(watch.userId);

    const result = await deliverNotice(watch, {
      notifier: runtime.notifier,
      update: (current, change) => this.update(current, change),
      image: (current) =>
        noticeImage(current, {
          client: credentials === null ? null : runtime.host.forUser(credentials),
          limiter: runtime.limiter,
          limiterKey: credentials === null ? '' : limiterKeyOf(credentials),
          counter: runtime.counter,
          download: runtime.splash,
          logger: runtime.logger,
          signal: runtime.signal,
        }),
      logger: runtime.logger,
      now: runtime.now,
      nonceWindowMs: runtime.nonceWindowMs,
    });

    if (result !== 'retry') {
      runtime.scheduler.remove(key);
      return;
    }

    const current = await runtime.store.get(watch.fileId, watch.userId);
    const attempts =
      current?.notice.state === 'sending' || current?.notice.state === 'pending'
        ? current.notice.attempts
        : 1;
    runtime.scheduler.schedule(
      key,
      watch.userId,
      runtime.now() + pollDelayMs(attempts, runtime.limits, runtime.random),
    );
  }

  /** Applies `change` to the stored record inside its lock; undefined when the watch no longer exists. */
  async update(watch: Watch, change: (current: Watch) => Watch): Promise<Watch | undefined> {
    const { store, lock } = this.runtime;

    return lock.run(watchKey(watch.fileId, watch.userId), async () => {
      const current = await store.get(watch.fileId, watch.userId);
      if (current === undefined) return undefined;

      const next = change(current);
      if (next !== current) await store.put(next);
      return next;
    });
  }

  async #poll(userId: string, watches: Watch[]): Promise<void> {
    const { runtime } = this;

    let credentials: HostCredentials | undefined;
    try {
      credentials = await runtime.credentials.get(userId);
    } catch (error) {
      // Unreadable credentials (a key no longer configured) may be fixed by the operator: keep polling slowly.
      for (const watch of watches) await this.#store(watch, { kind: 'error', error });
      return;
    }

    if (credentials === undefined) {
      for (const watch of watches) await this.#stopWithoutCredentials(watch);
      return;
    }

    const results = await pollBatch(watches, {
      client: runtime.host.forUser(credentials),
      limiter: runtime.limiter,
      limiterKey: limiterKeyOf(credentials),
      counter: runtime.counter,
      now: runtime.now,
    });

    const converts = [...results.values()].filter(
      (result) => result.kind === 'polled' && result.convertsReason !== null,
    ).length;
    runtime.logger.debug({ userId, watches: watches.length, converts }, 'watches polled');

    for (const watch of watches) {
      const result = results.get(watchKey(watch.fileId, watch.userId));
      if (result !== undefined) await this.#store(watch, result);
    }
  }

  /** Stores one poll's result, then schedules the next poll or sends the notice. */
  async #store(watch: Watch, result: PollResult): Promise<void> {
    const { runtime } = this;
    const key = watchKey(watch.fileId, watch.userId);
    if (result.kind === 'error') this.#logPollError(watch, result.error);

    const context = { now: runtime.now(), limits: runtime.limits, random: runtime.random };
    // A watch cancelled or finished while the poll ran is left as it is now.
    const updated = await this.update(watch, (current) =>
      isOpen(current) ? applyPollResult(current, result, context) : current,
    );

    if (updated === undefined) {
      runtime.scheduler.remove(key);
      return;
    }
    if (isOpen(updated)) {
      runtime.scheduler.schedule(key, updated.userId, updated.nextPollAt);
      return;
    }

    runtime.logger.info(
      {
        fileId: updated.fileId,
        userId: updated.userId,
        outcome: updated.finished?.outcome,
        attempts: updated.attempts,
        durationMs: (updated.finished?.at ?? context.now) - updated.createdAt,
      },
      'watch finished',
    );
    if (awaitsNotice(updated)) await this.deliver(updated);
  }

  /** The user unlinked their account some other way than /logout: the watch ends without a notice. */
  async #stopWithoutCredentials(watch: Watch): Promise<void> {
    const { runtime } = this;
    const key = watchKey(watch.fileId, watch.userId);

    await runtime.lock.run(key, () => runtime.store.delete(watch.fileId, watch.userId));
    runtime.scheduler.remove(key);
    runtime.logger.info(
      {
        fileId: watch.fileId,
        userId: watch.userId,
        outcome: 'credentials-removed',
        attempts: watch.attempts,
        durationMs: runtime.now() - watch.createdAt,
      },
      'watch stopped',
    );
  }

  #logPollError(watch: Watch, error: unknown): void {
    const code = (error as { code?: unknown } | null)?.code;
    const kind = `${watch.userId}:${typeof code === 'string' ? code : 'other'}`;
    const { log, suppressed } = this.#errors.check(kind);
    if (!log) return;

    this.runtime.logger.warn(
      { fileId: watch.fileId, userId: watch.userId, attempts: watch.attempts, suppressed, err: error },
      'watch poll failed',
    );
  }

  async #credentialsOrNull(userId: string): Promise<HostCredentials | null> {
    try {
      return (await this.runtime.credentials.get(userId)) ?? null;
    } catch (error) {
      this.runtime.logger.warn({ userId, err: error }, 'could not open credentials for a notice image');
      return null;
    }
  }
}

/** The rate limiter's key for a credential: a digest, so the login itself is not kept as a map key. */
export function limiterKeyOf(credentials: HostCredentials): string {
  return createHash('sha256').update(credentials.login).digest('hex').slice(0, 16);
}
