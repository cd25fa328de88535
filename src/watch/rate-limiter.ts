/**
 * A token bucket per key (one key per host credential): `perMinute` tokens
 * are added each minute, up to `burst`, and each host request takes one.
 * Over any interval of `t` ms a key makes at most `burst + t * perMinute /
 * 60000` requests. Callers never wait while holding a slot: `tryTake` says
 * how long to come back after instead.
 */

export interface RateLimiterOptions {
  perMinute: number;
  /** The largest burst; default one sixth of `perMinute` (ten seconds' worth), at least 1. */
  burst?: number;
  /** Epoch milliseconds; tests pass a clock they move by hand. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class RateLimiter {
  readonly perMinute: number;
  readonly burst: number;
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;

  constructor(options: RateLimiterOptions) {
    if (!(options.perMinute > 0)) throw new RangeError('perMinute must be above 0');

    this.perMinute = options.perMinute;
    this.burst = options.burst ?? Math.max(1, Math.floor(options.perMinute / 6));
    if (!(this.burst >= 1)) throw new RangeError('burst must be at least 1');
    this.#now = options.now ?? Date.now;
  }

  /** Takes a token for `key` and returns 0, or takes nothing and returns the ms until one is free. */
  tryTake(key: string): number {
    const bucket = this.#refilled(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return this.#waitMs(bucket);
  }

  /** The ms until `key` has a token, taking nothing; 0 when one is free now. */
  delayFor(key: string): number {
    const bucket = this.#refilled(key);
    return bucket.tokens >= 1 ? 0 : this.#waitMs(bucket);
  }

  /** Waits until a token is free and takes it; rejects with the signal's reason when aborted. */
  async take(key: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const waitMs = this.tryTake(key);
      if (waitMs === 0) return;
      await sleep(waitMs, signal);
    }
  }

  #refilled(key: string): Bucket {
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.burst, updatedAt: now };

    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(this.burst, bucket.tokens + (elapsed * this.perMinute) / 60_000);
    bucket.updatedAt = now;
    this.#buckets.set(key, bucket);
    return bucket;
  }

  #waitMs(bucket: Bucket): number {
    return Math.ceil(((1 - bucket.tokens) * 60_000) / this.perMinute);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
