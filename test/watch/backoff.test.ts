import { describe, expect, it } from 'vitest';
import { pollDelayMs, startupDelayMs } from '../../src/watch/backoff.js';

const limits = { minMs: 15_000, maxMs: 300_000 };

describe('pollDelayMs', () => {
  it('grows by 1.5 per attempt without jitter', () => {
    const middle = () => 0.5;
    expect([0, 1, 2, 3].map((attempts) => pollDelayMs(attempts, limits, middle))).toEqual([
      15_000, 22_500, 33_750, 50_625,
    ]);
  });

  it('stays within the limits at either jitter extreme', () => {
    for (let attempts = 0; attempts < 40; attempts += 1) {
      for (const random of [() => 0, () => 0.999_999]) {
        const delay = pollDelayMs(attempts, limits, random);
        expect(delay).toBeGreaterThanOrEqual(limits.minMs);
        expect(delay).toBeLessThanOrEqual(limits.maxMs);
      }
    }
  });

  it('moves each delay by up to 20 %', () => {
    expect(pollDelayMs(2, limits, () => 0)).toBe(27_000);
    expect(pollDelayMs(2, limits, () => 0.999_999)).toBe(40_500);
  });

  it('reaches the maximum and jitters below it', () => {
    expect(pollDelayMs(30, limits, () => 0.5)).toBe(300_000);
    expect(pollDelayMs(30, limits, () => 0)).toBe(240_000);
  });

  it('treats negative attempts as the first', () => {
    expect(pollDelayMs(-3, limits, () => 0.5)).toBe(15_000);
  });
});

describe('startupDelayMs', () => {
  it('spreads over the window', () => {
    expect(startupDelayMs(15_000, () => 0)).toBe(0);
    expect(startupDelayMs(15_000, () => 0.5)).toBe(7500);
    expect(startupDelayMs(15_000, () => 0.999_999)).toBe(14_999);
    expect(startupDelayMs(-5, () => 0.5)).toBe(0);
  });
});
