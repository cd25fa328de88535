/**
 * Sizes for people, in binary units (1 KB = 1024 bytes) labelled KB, MB and GB as Discord and
 * most file managers label them, so a 1 GiB cap reads "1 GB".
 */

const UNITS = ['KB', 'MB', 'GB', 'TB'] as const;
const STEP = 1024;

/**
 * Formats a byte count as `512 B`, `12.5 MB` or `1.2 GB`: one decimal below 100 of a unit (dropped
 * when it is zero), whole numbers from 100 up.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    throw new RangeError(`A byte count must be a finite number of 0 or more, not ${bytes}`);
  }

  if (bytes < STEP) {
    return `${Math.round(bytes)} B`;
  }

  let value = bytes / STEP;
  let unitIndex = 0;

  // Move up while the rounded value would read 1024 or more, so 1023.97 KB shows as 1 MB.
  while (unitIndex < UNITS.length - 1 && roundForDisplay(value) >= STEP) {
    value /= STEP;
    unitIndex += 1;
  }

  return `${formatNumber(roundForDisplay(value))} ${UNITS[unitIndex]}`;
}

function roundForDisplay(value: number): number {
  return value < 100 ? Math.round(value * 10) / 10 : Math.round(value);
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toString() : value.toFixed(1);
}
