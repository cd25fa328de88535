import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/watch/rate-limiter.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('RateLimiter', () => {
  it('allows a burst of one sixth of the rate', () => {
    const time = clock();
    const limiter = new RateLimiter({ perMinute: 30, now: time.now });

    expect(limiter.burst).toBe(5);
    expect([1, 2, 3, 4, 5].map(() => limiter.tryTake('a'))).toEqual([0, 0, 0, 0, 0]);
    expect(limiter.tryTake('a')).toBe(2000);
  });

  it('refills at the configured rate', () => {
    const time = clock();
    const limiter = new RateLimiter({ perMinute: 60, burst: 1, now: time.now });

    expect(limiter.tryTake('a')).toBe(0);
    expect(limiter.tryTake('a')).toBe(1000);
    time.advance(400);
    expect(limiter.delayFor('a')).toBe(600);
    time.advance(600);
    expect(limiter.tryTake('a')).toBe(0);
    expect(limiter.tryTake('a')).toBe(1000);
  });

  it('keeps one bucket per key', () => {
    const time = clock();
    const limiter = new RateLimiter({ perMinute: 6, burst: 1, now: time.now });

    expect(limiter.tryTake('a')).toBe(0);
    expect(limiter.tryTake('b')).toBe(0);
    expect(limiter.tryTake('a')).toBe(10_000);
  });

  it('never exceeds burst plus rate over time', () => {
    const time = clock();
    const limiter = new RateLimiter({ perMinute: 120, now: time.now });
    let taken = 0;

    for (let step = 0; step < 6000; step += 1) {
      if (limiter.tryTake('a') === 0) taken += 1;
      time.advance(10);
    }

    // 60 s at 2 per second, plus the burst of 20.
    expect(taken).toBeLessThanOrEqual(20 + 120);
    expect(taken).toBeGreaterThanOrEqual(139);
  });

  it('caps refill at the burst', () => {
    const time = clock();
    const limiter = new RateLimiter({ perMinute: 60, burst: 3, now: time.now });

    time.advance(3_600_000);
    expect([1, 2, 3, 4].map(() => limiter.tryTake('a'))).toEqual([0, 0, 0, 1000]);
  });

  it('waits for a token with take', async () => {
    const limiter = new RateLimiter({ perMinute: 6000, burst: 1 });
    await limiter.take('a');

    const started = Date.now();
    await limiter.take('a');
    expect(Date.now() - started).toBeGreaterThanOrEqual(5);
  });

  it('stops waiting when aborted', async () => {
    const limiter = new RateLimiter({ perMinute: 1, burst: 1 });
    await limiter.take('a');
    const controller = new AbortController();

    const waiting = limiter.take('a', controller.signal);
    controller.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });

  it('rejects a rate of zero', () => {
    expect(() => new RateLimiter({ perMinute: 0 })).toThrow(RangeError);
  });
});
