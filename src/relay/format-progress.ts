import { formatBytes } from './format-bytes.js';
import type { ProgressState } from './progress.js';

/**
 * Renders a progress state as one line, e.g.
 * `Uploading clip.mp4: 12.5 MB of 50 MB (25 %), 4.1 MB/s, about 9 s left`.
 * Parts that are unknown (total, speed, time left) are left out.
 */
export function formatProgress(state: ProgressState): string {
  const { name } = state;

  switch (state.phase) {
    case 'queued':
      return state.position === null || state.position <= 1
        ? `Queued ${name}: next in line`
        : `Queued ${name}: position ${state.position} in line`;

    case 'downloading':
      return `Downloading ${name}: ${transferText(state)}`;

    case 'uploading':
      return `Uploading ${name}${attemptText(state)}: ${transferText(state)}`;

    case 'retrying':
      return `Upload of ${name} failed${attemptText(state)}; retrying in ${formatDuration((state.retryInMs ?? 0) / 1000)}`;

    case 'done':
      return `Uploaded ${name}: ${formatBytes(state.bytes)}`;

    case 'failed':
      return `Could not relay ${name}: ${state.errorMessage ?? 'unknown error'}`;

    case 'cancelled':
      return `Cancelled the upload of ${name}.`;
  }
}

/** Formats seconds as `9 s`, `4 min` or `1 h 5 min`, rounded up to whole seconds. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.ceil(seconds));

  if (whole < 60) return `${whole} s`;

  const minutes = Math.round(whole / 60);
  if (minutes < 60) return `${minutes} min`;

  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

function transferText(state: ProgressState): string {
  const parts: string[] = [];

  if (state.total === null) {
    parts.push(formatBytes(state.bytes));
  } else {
    parts.push(`${formatBytes(state.bytes)} of ${formatBytes(state.total)} (${state.percent ?? 0} %)`);
  }

  if (state.bytesPerSecond !== null) parts.push(`${formatBytes(state.bytesPerSecond)}/s`);
  if (state.secondsLeft !== null) parts.push(`about ${formatDuration(state.secondsLeft)} left`);

  return parts.join(', ');
}

/** ` (attempt 2 of 4)` from the second attempt on; nothing for a first attempt that is still running. */
function attemptText(state: ProgressState): string {
  if (state.attempt === null || state.maxAttempts === null) return '';
  if (state.phase === 'uploading' && state.attempt === 1) return '';

  return ` (attempt ${state.attempt} of ${state.maxAttempts})`;
}
