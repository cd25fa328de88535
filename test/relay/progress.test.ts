import { describe, expect, it } from 'vitest';

import { formatBytes } from '../../src/relay/format-bytes.js';
import { formatDuration, formatProgress } from '../../src/relay/format-progress.js';
import { ProgressTracker, type ProgressState } from '../../src/relay/progress.js';

const MB = 1024 * 1024;

function baseState(overrides: Partial<ProgressState>): ProgressState {
  return {
    name: 'clip.mp4',
    phase: 'downloading',
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
    ...overrides,
  };
}

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1 KB'],
    [1536, '1.5 KB'],
    [1024 * 1024 - 1, '1 MB'],
    [12.5 * MB, '12.5 MB'],
    [150 * MB, '150 MB'],
    [1024 * MB, '1 GB'],
    [1.2 * 1024 * MB, '1.2 GB'],
  ])('formats %d bytes as %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('rejects negative counts', () => {
    expect(() => formatBytes(-1)).toThrow(RangeError);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [8.2, '9 s'],
    [59, '59 s'],
    [150, '3 min'],
    [3600, '1 h'],
    [3900, '1 h 5 min'],
  ])('formats %d s as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('formatProgress', () => {
  it('renders an upload with speed and time left', () => {
    const state = baseState({
      phase: 'uploading',
      bytes: 12.5 * MB,
      total: 50 * MB,
      percent: 25,
      bytesPerSecond: 4.1 * MB,
      secondsLeft: 9,
      attempt: 1,
      maxAttempts: 4,
    });

    expect(formatProgress(state)).toBe(
      'Uploading clip.mp4: 12.5 MB of 50 MB (25 %), 4.1 MB/s, about 9 s left',
    );
  });

  it('renders each phase', () => {
    const cases: Array<[Partial<ProgressState>, string]> = [
      [{ phase: 'queued', position: 1 }, 'Queued clip.mp4: next in line'],
      [{ phase: 'queued', position: 3 }, 'Queued clip.mp4: position 3 in line'],
      [{ phase: 'downloading', bytes: 2 * MB }, 'Downloading clip.mp4: 2 MB'],
      [
        { phase: 'uploading', bytes: MB, total: 4 * MB, percent: 25, attempt: 2, maxAttempts: 4 },
        'Uploading clip.mp4 (attempt 2 of 4): 1 MB of 4 MB (25 %)',
      ],
      [
        { phase: 'retrying', total: 4 * MB, attempt: 1, maxAttempts: 4, retryInMs: 2_500 },
        'Upload of clip.mp4 failed (attempt 1 of 4); retrying in 3 s',
      ],
      [{ phase: 'done', bytes: 4 * MB, total: 4 * MB, percent: 100 }, 'Uploaded clip.mp4: 4 MB'],
      [{ phase: 'failed', errorMessage: 'The host said no.' }, 'Could not relay clip.mp4: The host said no.'],
      [{ phase: 'cancelled' }, 'Cancelled the upload of clip.mp4.'],
    ];

    for (const [overrides, text] of cases) {
      expect(formatProgress(baseState(overrides))).toBe(text);
    }
  });
});

describe('ProgressTracker', () => {
  it('computes percent, speed and time left from a fake clock', () => {
    let now = 0;
    const tracker = new ProgressTracker({ name: 'clip.mp4', now: () => now });

    tracker.update({ phase: 'downloading', bytes: 0, total: 10 * MB });
    now = 500;
    const early = tracker.update({ phase: 'downloading', bytes: MB / 2, total: 10 * MB });
    now = 2_000;
    const later = tracker.update({ phase: 'downloading', bytes: 2 * MB, total: 10 * MB });

    expect(early.bytesPerSecond).toBeNull();
    expect(early.secondsLeft).toBeNull();
    expect(later.percent).toBe(20);
    expect(later.bytesPerSecond).toBe(MB);
    expect(later.secondsLeft).toBe(8);
  });

  it('averages over the window only', () => {
    let now = 0;
    const tracker = new ProgressTracker({ name: 'clip.mp4', now: () => now, speedWindowMs: 5_000 });

    // 1 MB/s for 10 s, then 3 MB/s for 10 s, one event per second.
    let bytes = 0;
    for (let second = 1; second <= 20; second += 1) {
      now = second * 1000;
      bytes += second <= 10 ? MB : 3 * MB;
      tracker.update({ phase: 'uploading', bytes, total: 100 * MB, attempt: 1, maxAttempts: 4 });
    }

    expect(tracker.state.bytesPerSecond).toBe(3 * MB);
  });

  it('restarts the speed on a new phase or attempt', () => {
    let now = 0;
    const tracker = new ProgressTracker({ name: 'clip.mp4', now: () => now });

    tracker.update({ phase: 'uploading', bytes: 0, total: 4 * MB, attempt: 1, maxAttempts: 4 });
    now = 2_000;
    expect(
      tracker.update({ phase: 'uploading', bytes: 2 * MB, total: 4 * MB, attempt: 1, maxAttempts: 4 })
        .bytesPerSecond,
    ).toBe(MB);

    now = 2_500;
    const retry = tracker.update({
      phase: 'retrying',
      bytes: 0,
      total: 4 * MB,
      attempt: 1,
      maxAttempts: 4,
      delayMs: 1_000,
      errorCode: 'HOST_SERVER_ERROR',
    });
    now = 3_500;
    tracker.update({ phase: 'uploading', bytes: 0, total: 4 * MB, attempt: 2, maxAttempts: 4 });
    now = 4_000;
    const second = tracker.update({
      phase: 'uploading',
      bytes: MB,
      total: 4 * MB,
      attempt: 2,
      maxAttempts: 4,
    });

    expect(retry.bytesPerSecond).toBeNull();
    expect(retry.retryInMs).toBe(1_000);
    expect(second.bytesPerSecond).toBeNull();
    expect(second.attempt).toBe(2);
    expect(second.percent).toBe(25);
  });

  it('marks failure and cancellation', () => {
    const tracker = new ProgressTracker({ name: 'clip.mp4' });
    tracker.update({ phase: 'queued', bytes: 0, total: null, position: 2 });

    const failed = tracker.fail('The host said no.');

    expect(failed.phase).toBe('failed');
    expect(failed.errorMessage).toBe('The host said no.');
    expect(failed.position).toBeNull();
    expect(tracker.cancel().phase).toBe('cancelled');
  });
});
