import { readFile, writeFile } from 'node:fs/promises';

/** A process's resident memory from `/proc/<pid>/status`, in MiB. */
export interface MemorySample {
  /** VmRSS: resident set size now. */
  rssMb: number;
  /** VmHWM: the peak resident set size since start or since `resetPeak`. */
  peakMb: number;
}

export async function readMemory(pid: number): Promise<MemorySample> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return { rssMb: fieldMb(status, 'VmRSS'), peakMb: fieldMb(status, 'VmHWM') };
}

/**
 * Resets VmHWM to the current RSS, so the next peak belongs to the work that follows. Writing 5
 * to `clear_refs` does this (Linux 4.0 and later); it needs the same user as the process or root.
 */
export async function resetPeak(pid: number): Promise<void> {
  await writeFile(`/proc/${pid}/clear_refs`, '5');
}

function fieldMb(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (match === null) throw new Error(`/proc status has no ${field} line`);
  return Number(match[1]) / 1024;
}

/**
 * Samples VmRSS every `intervalMs` until stopped, as a cross-check of VmHWM and to show the
 * memory over time. Returns the highest sample seen.
 */
export function sampleRss(pid: number, intervalMs = 50): { stop(): Promise<number> } {
  let highest = 0;
  let sampling = Promise.resolve();

  const timer = setInterval(() => {
    sampling = readMemory(pid).then(
      (sample) => {
        highest = Math.max(highest, sample.rssMb);
      },
      () => undefined, // The process may have ended between two samples; the last value stands.
    );
  }, intervalMs);

  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      return highest;
    },
  };
}
