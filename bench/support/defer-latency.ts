import type { InteractionHandle } from '../../test/fakes/discord/interaction-handle.js';
import { percentile, sortedCopy } from './stats.js';

/** Percentiles of the time from gateway dispatch to the deferral, in milliseconds. */
export interface LatencyPercentiles {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

/** Milliseconds from the fake's dispatch (`createdAt`) to the callback it received. */
export async function deferLatency(handle: InteractionHandle): Promise<number> {
  const callback = await handle.callback(10_000);
  if (callback.type !== 5)
    throw new Error(`Expected a deferral (type 5), got callback type ${String(callback.type)}`);
  return callback.at - handle.createdAt;
}

export function latencyPercentiles(values: readonly number[]): LatencyPercentiles {
  const sorted = sortedCopy(values);
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? 0,
    count: sorted.length,
  };
}
