/**
 * A preload (`node --import <this file> dist/src/index.js`) that measures the event-loop delay of
 * the bot's process with `perf_hooks.monitorEventLoopDelay`, so the bot itself needs no
 * diagnostics code. Over the IPC channel it takes `reset` and answers `report` with the
 * percentiles since the last reset, in milliseconds.
 *
 * The histogram records the whole interval between two ticks of its timer, the resolution
 * included (an idle process shows about `RESOLUTION_MS`), so the resolution is subtracted to
 * report how late the loop was.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Timer interval of the monitor in ms: 200 samples per second is enough for a p99 over seconds. */
const RESOLUTION_MS = 5;

export interface EventLoopReport {
  type: 'event-loop';
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  samples: number;
}

const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
histogram.enable();

const lateMs = (nanos: number) => Math.max(0, nanos / 1e6 - RESOLUTION_MS);

if (process.send !== undefined) {
  // The channel must not keep the bot alive once it wants to exit.
  process.channel?.unref();

  process.on('message', (message: unknown) => {
    const type = (message as { type?: unknown } | null)?.type;

    if (type === 'reset') {
      histogram.reset();
      process.send?.({ type: 'reset-done' });
    } else if (type === 'report') {
      const report: EventLoopReport = {
        type: 'event-loop',
        p50Ms: lateMs(histogram.percentile(50)),
        p99Ms: lateMs(histogram.percentile(99)),
        maxMs: lateMs(histogram.max),
        meanMs: lateMs(histogram.mean),
        samples: histogram.count,
      };
      process.send?.(report);
    }
  });
}
