import { describe, expect, it } from 'vitest';

import { ProgressReporter } from '../../src/relay/progress-reporter.js';
import { ProgressThrottle, type Schedule } from '../../src/relay/progress-throttle.js';
import type { ProgressState } from '../../src/relay/progress.js';

/** A clock and timer queue moved by hand, so no test sleeps. */
class ManualClock {
  now = 0;
  readonly #timers: Array<{ at: number; callback: () => void; cancelled: boolean }> = [];

  readonly schedule: Schedule = (callback, delayMs) => {
    const timer = { at: this.now + delayMs, callback, cancelled: false };
    this.#timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  };

  get pendingTimers(): number {
    return this.#timers.filter((timer) => !timer.cancelled).length;
  }

  /** Moves time forward, running due timers in order and letting promises settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;

    for (;;) {
      const due = this.#timers
        .filter((timer) => !timer.cancelled && timer.at <= end)
        .sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;

      this.now = due.at;
      due.cancelled = true;
      due.callback();
      await settle();
    }

    this.now = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

function state(bytes: number): ProgressState {
  return {
    name: 'clip.mp4',
    phase: 'downloading',
    bytes,
    total: null,
    percent: null,
    bytesPerSecond: null,
    secondsLeft: null,
    position: null,
    attempt: null,
    maxAttempts: null,
    retryInMs: null,
    errorMessage: null,
  };
}

function recorder(clock: ManualClock) {
  const published: Array<{ at: number; text: string }> = [];
  const publish = async (_state: ProgressState, text: string): Promise<void> => {
    published.push({ at: clock.now, text });
  };
  return { published, publish };
}

describe('ProgressThrottle', () => {
  it('publishes at most once per interval', async () => {
    const clock = new ManualClock();
    const { published, publish } = recorder(clock);
    const throttle = new ProgressThrottle({
      intervalMs: 3_000,
      publish,
      now: () => clock.now,
      schedule: clock.schedule,
    });

    for (let step = 0; step < 100; step += 1) {
      throttle.update(state(step * 1024));
      await clock.advance(100);
    }

    expect(published.map((entry) => entry.at)).toEqual([0, 3_000, 6_000, 9_000]);
    expect(published.map((entry) => entry.text)).toEqual([
      'Downloading clip.mp4: 0 B',
      'Downloading clip.mp4: 29 KB',
      'Downloading clip.mp4: 59 KB',
      'Downloading clip.mp4: 89 KB',
    ]);
  });

  it('publishes a held state when the interval ends', async () => {
    const clock = new ManualClock();
    const { published, publish } = recorder(clock);
    const throttle = new ProgressThrottle({
      intervalMs: 3_000,
      publish,
      now: () => clock.now,
      schedule: clock.schedule,
    });

    throttle.update(state(0));
    await clock.advance(1_000);
    throttle.update(state(2048));
    await clock.advance(1_999);

    expect(published).toHaveLength(1);

    await clock.advance(1);

    expect(published).toEqual([
      { at: 0, text: 'Downloading clip.mp4: 0 B' },
      { at: 3_000, text: 'Downloading clip.mp4: 2 KB' },
    ]);
  });

  it('skips states whose text did not change', async () => {
    const clock = new ManualClock();
    const { published, publish } = recorder(clock);
    const throttle = new ProgressThrottle({
      intervalMs: 1_000,
      publish,
      now: () => clock.now,
      schedule: clock.schedule,
    });

    throttle.update(state(5_000));
    await clock.advance(2_000);
    throttle.update(state(5_000));
    await clock.advance(2_000);
    throttle.update(state(5_010));
    await clock.advance(2_000);

    expect(published.map((entry) => entry.text)).toEqual(['Downloading clip.mp4: 4.9 KB']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('always publishes the final state at once', async () => {
    const clock = new ManualClock();
    const { published, publish } = recorder(clock);
    const throttle = new ProgressThrottle({
      intervalMs: 3_000,
      publish,
      now: () => clock.now,
      schedule: clock.schedule,
    });

    throttle.update(state(0));
    await clock.advance(100);
    throttle.update(state(1024));
    await clock.advance(100);
    await throttle.finish({ ...state(4096), phase: 'done' });
    throttle.update(state(9999));
    await clock.advance(10_000);

    expect(published).toEqual([
      { at: 0, text: 'Downloading clip.mp4: 0 B' },
      { at: 200, text: 'Uploaded clip.mp4: 4 KB' },
    ]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('never runs two publishes at once', async () => {
    const clock = new ManualClock();
    const releases: Array<() => void> = [];
    const started: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const publish = async (_state: ProgressState, text: string): Promise<void> => {
      started.push(text);
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running -= 1;
    };
    const throttle = new ProgressThrottle({
      intervalMs: 1_000,
      publish,
      now: () => clock.now,
      schedule: clock.schedule,
    });

    throttle.update(state(0));
    await clock.advance(5_000);
    throttle.update(state(1024));
    throttle.update(state(2048));
    await clock.advance(5_000);

    expect(started).toEqual(['Downloading clip.mp4: 0 B']);

    releases.shift()?.();
    await settle();

    expect(started).toEqual(['Downloading clip.mp4: 0 B', 'Downloading clip.mp4: 2 KB']);

    const finishing = throttle.finish({ ...state(4096), phase: 'done' });
    await settle();
    expect(started).toHaveLength(2);

    releases.shift()?.();
    await settle();
    releases.shift()?.();
    await finishing;

    expect(started.at(-1)).toBe('Uploaded clip.mp4: 4 KB');
    expect(maxRunning).toBe(1);
  });

  it('reports publish errors and keeps going', async () => {
    const clock = new ManualClock();
    const errors: unknown[] = [];
    const texts: string[] = [];
    const publish = async (_state: ProgressState, text: string): Promise<void> => {
      texts.push(text);
      if (texts.length === 1) throw new Error('edit failed');
    };
    const throttle = new ProgressThrottle({
      intervalMs: 1_000,
      publish,
      now: () => clock.now,
      schedule: clock.schedule,
      onError: (error) => errors.push(error),
    });

    throttle.update(state(0));
    await clock.advance(1_000);
    throttle.update(state(0));
    await clock.advance(1_000);

    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('edit failed');
    expect(texts).toEqual(['Downloading clip.mp4: 0 B', 'Downloading clip.mp4: 0 B']);
  });
});

describe('ProgressReporter', () => {
  it('turns events into published lines', async () => {
    const clock = new ManualClock();
    const { published, publish } = recorder(clock);
    const reporter = new ProgressReporter({
      name: 'clip.mp4',
      intervalMs: 3_000,
      publish,
      now: () => clock.now,
      schedule: clock.schedule,
    });

    reporter.onProgress({ phase: 'queued', bytes: 0, total: 2048, position: 2 });
    await clock.advance(3_000);
    reporter.onProgress({ phase: 'downloading', bytes: 1024, total: 2048 });
    await clock.advance(500);
    reporter.onProgress({ phase: 'done', bytes: 2048, total: 2048, fileId: 'FXR1I5PIK1', link: null });
    await reporter.finish();

    expect(published.map((entry) => entry.text)).toEqual([
      'Queued clip.mp4: position 2 in line',
      'Downloading clip.mp4: 1 KB of 2 KB (50 %)',
      'Uploaded clip.mp4: 2 KB',
    ]);
    expect(reporter.state.phase).toBe('done');
  });

  it('publishes a failure as the final line', async () => {
    const clock = new ManualClock();
    const { published, publish } = recorder(clock);
    const reporter = new ProgressReporter({
      name: 'clip.mp4',
      intervalMs: 3_000,
      publish,
      now: () => clock.now,
      schedule: clock.schedule,
    });

    reporter.onProgress({ phase: 'downloading', bytes: 0, total: null });
    await reporter.fail('Discord no longer serves this attachment.');

    expect(published.map((entry) => entry.text)).toEqual([
      'Downloading clip.mp4: 0 B',
      'Could not relay clip.mp4: Discord no longer serves this attachment.',
    ]);
  });
});
