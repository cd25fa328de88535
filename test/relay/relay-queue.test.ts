import { describe, expect, it } from 'vitest';

import { RelayCancelledError, cancellationFrom } from '../../src/relay/errors.js';
import { createJobId, JOB_ID_PATTERN } from '../../src/relay/job-id.js';
import { RelayQueue, type EnqueueRequest, type RelayJob } from '../../src/relay/relay-queue.js';

/** Jobs that run until the test finishes them or their signal fires. */
class Jobs {
  readonly started: string[] = [];
  readonly positions = new Map<string, number[]>();
  readonly signals = new Map<string, AbortSignal>();
  readonly #finishers = new Map<string, () => void>();

  request(userId: string, name: string): EnqueueRequest<string> {
    this.positions.set(name, []);
    return {
      userId,
      label: name,
      onPosition: (position) => this.positions.get(name)?.push(position),
      run: (signal) =>
        new Promise<string>((resolve, reject) => {
          this.started.push(name);
          this.signals.set(name, signal);
          this.#finishers.set(name, () => resolve(name));
          signal.addEventListener('abort', () => reject(cancellationFrom(signal)));
        }),
    };
  }

  async finish(name: string): Promise<void> {
    const finisher = this.#finishers.get(name);
    if (finisher === undefined) throw new Error(`${name} has not started`);
    finisher();
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
}

function rejection(job: RelayJob<unknown>): Promise<unknown> {
  return job.result.then(
    () => new Error('expected a rejection'),
    (error: unknown) => error,
  );
}

describe('RelayQueue', () => {
  it('runs one user five jobs two at a time in FIFO order', async () => {
    const queue = new RelayQueue({ perUser: 2, total: 4 });
    const jobs = new Jobs();

    const enqueued = ['a', 'b', 'c', 'd', 'e'].map((name) => queue.enqueue(jobs.request('u1', name)));

    expect(jobs.started).toEqual(['a', 'b']);
    expect(queue.activeJobs('u1').map((job) => [job.label, job.state, job.position])).toEqual([
      ['a', 'running', null],
      ['b', 'running', null],
      ['c', 'queued', 1],
      ['d', 'queued', 2],
      ['e', 'queued', 3],
    ]);

    await jobs.finish('a');
    expect(jobs.started).toEqual(['a', 'b', 'c']);
    await jobs.finish('b');
    expect(jobs.started).toEqual(['a', 'b', 'c', 'd']);
    await jobs.finish('c');
    expect(jobs.started).toEqual(['a', 'b', 'c', 'd', 'e']);
    await jobs.finish('d');
    await jobs.finish('e');

    expect(await Promise.all(enqueued.map((job) => job.result))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(Object.fromEntries(jobs.positions)).toEqual({ a: [], b: [], c: [1], d: [2, 1], e: [3, 2, 1] });
    expect(queue.counts).toEqual({ running: 0, queued: 0 });
  });

  it('keeps the total limit across users', async () => {
    const queue = new RelayQueue({ perUser: 2, total: 3 });
    const jobs = new Jobs();

    queue.enqueue(jobs.request('u1', 'a1'));
    queue.enqueue(jobs.request('u1', 'a2'));
    queue.enqueue(jobs.request('u2', 'b1'));
    queue.enqueue(jobs.request('u2', 'b2'));
    queue.enqueue(jobs.request('u3', 'c1'));

    expect(jobs.started).toEqual(['a1', 'a2', 'b1']);
    expect(queue.counts).toEqual({ running: 3, queued: 2 });
    expect(jobs.positions.get('b2')).toEqual([1]);
    expect(jobs.positions.get('c1')).toEqual([2]);

    await jobs.finish('a1');

    expect(jobs.started).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(jobs.positions.get('c1')).toEqual([2, 1]);

    await jobs.finish('b1');

    expect(jobs.started).toEqual(['a1', 'a2', 'b1', 'b2', 'c1']);
  });

  it('lets another user pass a job held by the per-user limit', () => {
    const queue = new RelayQueue({ perUser: 1, total: 2 });
    const jobs = new Jobs();

    queue.enqueue(jobs.request('u1', 'a1'));
    queue.enqueue(jobs.request('u1', 'a2'));
    queue.enqueue(jobs.request('u2', 'b1'));

    expect(jobs.started).toEqual(['a1', 'b1']);
    expect(queue.activeJobs('u1').map((job) => job.state)).toEqual(['running', 'queued']);
  });

  it('cancels a queued job without running it', async () => {
    const queue = new RelayQueue({ perUser: 1, total: 1 });
    const jobs = new Jobs();

    queue.enqueue(jobs.request('u1', 'a'));
    const queued = queue.enqueue(jobs.request('u1', 'b'));
    queue.enqueue(jobs.request('u1', 'c'));

    expect(queue.cancel(queued.id, 'u1')).toBe('cancelled');
    const error = await rejection(queued);

    expect(error).toBeInstanceOf(RelayCancelledError);
    expect((error as RelayCancelledError).reason).toBe('user');
    expect(jobs.positions.get('c')).toEqual([2, 1]);
    expect(queue.activeJobs('u1').map((job) => job.label)).toEqual(['a', 'c']);

    await jobs.finish('a');

    expect(jobs.started).toEqual(['a', 'c']);
  });

  it('cancels a running job through its signal', async () => {
    const queue = new RelayQueue({ perUser: 1, total: 1 });
    const jobs = new Jobs();

    const running = queue.enqueue(jobs.request('u1', 'a'));
    queue.enqueue(jobs.request('u1', 'b'));

    expect(queue.cancel(running.id, 'u1')).toBe('cancelled');
    const error = await rejection(running);

    expect(jobs.signals.get('a')?.aborted).toBe(true);
    expect(error).toBeInstanceOf(RelayCancelledError);
    expect((error as RelayCancelledError).code).toBe('RELAY_CANCELLED');
    expect(jobs.started).toEqual(['a', 'b']);
  });

  it('refuses to cancel another user job', async () => {
    const queue = new RelayQueue({ perUser: 1, total: 2 });
    const jobs = new Jobs();

    const running = queue.enqueue(jobs.request('u1', 'a'));
    const queued = queue.enqueue(jobs.request('u1', 'b'));

    expect(queue.cancel(running.id, 'u2')).toBe('not-owner');
    expect(queue.cancel(queued.id, 'u2')).toBe('not-owner');
    expect(queue.cancel('aaaaaaaaaa', 'u1')).toBe('not-found');
    expect(jobs.signals.get('a')?.aborted).toBe(false);

    await jobs.finish('a');
    await jobs.finish('b');

    expect(await running.result).toBe('a');
    expect(await queued.result).toBe('b');
  });

  it('shuts down every job and rejects new ones', async () => {
    const queue = new RelayQueue({ perUser: 1, total: 1 });
    const jobs = new Jobs();

    const running = queue.enqueue(jobs.request('u1', 'a'));
    const queued = queue.enqueue(jobs.request('u1', 'b'));

    await queue.shutdown();
    const late = queue.enqueue(jobs.request('u1', 'c'));

    for (const job of [running, queued, late]) {
      const error = await rejection(job);
      expect(error).toBeInstanceOf(RelayCancelledError);
      expect((error as RelayCancelledError).reason).toBe('shutdown');
    }
    expect(jobs.started).toEqual(['a']);
    expect(queue.counts).toEqual({ running: 0, queued: 0 });
  });

  it('settles a job whose run throws at once', async () => {
    const queue = new RelayQueue({ perUser: 1, total: 1 });

    const job = queue.enqueue({
      userId: 'u1',
      run: () => {
        throw new Error('broken');
      },
    });

    await expect(job.result).rejects.toThrow('broken');
    expect(queue.counts).toEqual({ running: 0, queued: 0 });
  });

  it('gives short job IDs safe for custom IDs', () => {
    const queue = new RelayQueue({ perUser: 5, total: 5 });
    const ids = new Set<string>();

    for (let i = 0; i < 200; i += 1) ids.add(createJobId());
    const job = queue.enqueue({ userId: 'u1', run: async () => 'done' });

    expect(ids.size).toBe(200);
    expect([...ids].every((id) => JOB_ID_PATTERN.test(id))).toBe(true);
    expect(job.id).toMatch(/^[a-z2-7]{10}$/);
  });

  it('rejects limits below 1', () => {
    expect(() => new RelayQueue({ perUser: 0, total: 1 })).toThrow(RangeError);
  });
});
