/**
 * The fake host's encoding simulation. Each file has one job per quality, each
 * with a fixed timeline (`startAt` to `endAt`, epoch milliseconds), so the
 * state at any moment is computed from the clock alone and tests with a
 * controllable clock see exact progress values.
 */

export const QUALITY_LABELS = ['360p', '480p', '720p', '1080p'] as const;
export type QualityLabel = (typeof QUALITY_LABELS)[number];

const QUALITY_HEIGHTS: Record<QualityLabel, number> = {
  '360p': 360,
  '480p': 480,
  '720p': 720,
  '1080p': 1080,
};

// The documented encoding status lists codec IDs 85 to 88 for 360p to 1080p.
const CODEC_IDS: Record<QualityLabel, string> = { '360p': '85', '480p': '86', '720p': '87', '1080p': '88' };

export interface QualityJob {
  label: QualityLabel;
  codecId: string;
  jobId: string;
  retries: number;
  skipped: boolean;
  /** Epoch ms when encoding of this quality starts; for a skipped quality, when the skip was decided. */
  startAt: number;
  /** Epoch ms when this quality reaches 100 %; for a skipped quality, when the skip was decided. */
  endAt: number;
}

export interface EncodingJob {
  /** Epoch ms of the upload. */
  createdAt: number;
  /** False when the upload had no `ftyp` box or no video track: every quality then fails at once. */
  isVideo: boolean;
  /** Epoch ms when `failEncoding` stopped the job, or null. */
  failedAt: number | null;
  qualities: QualityJob[];
}

export interface QualityStatus {
  label: QualityLabel;
  codecId: string;
  jobId: string;
  converted: boolean;
  locked: boolean;
  skipped: boolean;
  /** Percent, 0 to 100. */
  progress: number;
  retries: number;
  /** Epoch seconds. */
  createdTimestamp: number;
  /** Epoch seconds. */
  updatedTimestamp: number;
}

export type EncodingSummary = 'pending' | 'success' | 'failed';

let nextJobId = 97_600_000;

/** Allocates a job ID in the range of the documented ones (`97516672`), as a string. */
export function allocateJobId(): string {
  nextJobId += 2;
  return String(nextJobId);
}

export function codecIdOf(label: QualityLabel): string {
  return CODEC_IDS[label];
}

/** Returns whether the host skips `label` for a source of `sourceHeight` pixels; 360p is always produced. */
export function isSkippedFor(label: QualityLabel, sourceHeight: number): boolean {
  return label !== '360p' && QUALITY_HEIGHTS[label] > sourceHeight;
}

/**
 * Plans a job that encodes the non-skipped qualities one after another, from
 * 360p upwards, each taking `durationMs`. A `sourceHeight` of null means the
 * upload is not a video, so the job fails at once.
 */
export function planEncoding(
  createdAt: number,
  sourceHeight: number | null,
  durationMs: number,
): EncodingJob {
  let cursor = createdAt;
  const qualities: QualityJob[] = [];

  for (const label of QUALITY_LABELS) {
    const skipped = sourceHeight !== null && isSkippedFor(label, sourceHeight);
    const startAt = skipped ? createdAt : cursor;
    const endAt = skipped ? createdAt : cursor + durationMs;
    qualities.push({
      label,
      codecId: CODEC_IDS[label],
      jobId: allocateJobId(),
      retries: 0,
      skipped,
      startAt,
      endAt,
    });
    if (!skipped) {
      cursor = endAt;
    }
  }

  return { createdAt, isVideo: sourceHeight !== null, failedAt: null, qualities };
}

function toSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}

function failedStatus(job: EncodingJob, quality: QualityJob): QualityStatus {
  return {
    label: quality.label,
    codecId: quality.codecId,
    jobId: quality.jobId,
    converted: false,
    locked: false,
    skipped: false,
    progress: 0,
    retries: quality.retries,
    createdTimestamp: toSeconds(job.createdAt),
    updatedTimestamp: toSeconds(job.failedAt ?? job.createdAt),
  };
}

/** Computes one quality's state at `now` (epoch ms), honouring a failure that froze the job. */
function qualityStatus(job: EncodingJob, quality: QualityJob, now: number): QualityStatus {
  if (!job.isVideo) {
    return failedStatus(job, quality);
  }

  const frozenAt = job.failedAt === null ? now : Math.min(now, job.failedAt);
  const done = quality.skipped || frozenAt >= quality.endAt;
  const running = !done && frozenAt >= quality.startAt && job.failedAt === null;
  const span = quality.endAt - quality.startAt;
  const elapsed = Math.max(0, frozenAt - quality.startAt);

  // A skipped quality reports converted "1" with progress "0", as the documented example does.
  let progress = 100;
  if (quality.skipped) {
    progress = 0;
  } else if (!done) {
    progress = span > 0 ? Math.min(99, Math.floor((elapsed * 100) / span)) : 0;
  }

  return {
    label: quality.label,
    codecId: quality.codecId,
    jobId: quality.jobId,
    converted: done,
    locked: running,
    skipped: quality.skipped,
    progress,
    retries: quality.retries,
    createdTimestamp: toSeconds(job.createdAt),
    updatedTimestamp: toSeconds(done ? quality.endAt : Math.max(job.createdAt, frozenAt)),
  };
}

export function qualityStatuses(job: EncodingJob, now: number): QualityStatus[] {
  return job.qualities.map((quality) => qualityStatus(job, quality, now));
}

/** Returns whether `status` is a produced quality that is ready to play. */
export function isAvailable(status: QualityStatus): boolean {
  return status.converted && !status.skipped && status.progress === 100;
}

export function summarize(job: EncodingJob, now: number): EncodingSummary {
  if (!job.isVideo || job.failedAt !== null) {
    return 'failed';
  }

  const statuses = qualityStatuses(job, now);
  return statuses.every((status) => status.skipped || isAvailable(status)) ? 'success' : 'pending';
}

/** Returns whether at least one quality can be played at `now`, which is what `is_playable` reports. */
export function isPlayable(job: EncodingJob, now: number): boolean {
  return qualityStatuses(job, now).some(isAvailable);
}

/** Completes every unfinished quality at `now`; a failed job stays failed. */
export function finishJob(job: EncodingJob, now: number): void {
  if (job.failedAt !== null) {
    return;
  }

  for (const quality of job.qualities) {
    if (quality.skipped || quality.endAt <= now) {
      continue;
    }
    quality.startAt = Math.min(quality.startAt, now);
    quality.endAt = now;
  }
}

/** Stops the job at `now`: finished qualities stay available, the rest keep the progress they had. */
export function failJob(job: EncodingJob, now: number): void {
  if (job.failedAt !== null) {
    return;
  }
  job.failedAt = now;
}
