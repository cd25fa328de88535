import { formatDuration } from '../relay/format-progress.js';
import { hostEncodingMs } from './completion.js';
import type { FinishedOutcome, QualitySnapshot, Watch } from './watch-record.js';

/**
 * What a watch's notice contains, decided here without Discord: the Discord
 * side renders it as a message (escaping host text, applying embed limits).
 * Host text (`fileName`, quality labels) stays in its own fields so the
 * renderer can escape it; every other string here is the bot's own.
 */

export type NoticeImage = { kind: 'attachment'; fileName: string } | { kind: 'url'; url: string };

export interface NoticeQuality {
  /** Host text, as sent. */
  label: string;
  state: string;
}

export interface Notice {
  outcome: FinishedOutcome;
  /** The only user the message may mention. */
  userId: string;
  fileId: string;
  /** Follows the mention: `<@user> your video finished encoding.` */
  headline: string;
  /** Host text, unescaped; null where names may not be shown. */
  fileName: string | null;
  /** The file's page on the host. */
  link: string | null;
  /** Sentences for the embed's description. */
  lines: string[];
  qualities: NoticeQuality[];
  /** Put in the footer, so a search of the channel can tell whether this watch's notice was posted. */
  marker: string;
  /** Null where images may not be shown, or when there is none. */
  image: NoticeImage | null;
}

export interface NoticeOptions {
  /** Age-restricted channel or DM: names and images may be shown. */
  detailed: boolean;
  image: NoticeImage | null;
}

export const TEXT_ONLY_NOTE = 'File names and thumbnails are shown only in age-restricted channels and DMs.';

/** The footer text that identifies a watch's notice when the channel is searched after a restart. */
export function noticeMarker(watch: Pick<Watch, 'nonce'>): string {
  return `Notice ref. ${watch.nonce}`;
}

/** Builds the notice of a finished watch. Throws for a watch that has no outcome yet. */
export function buildNotice(watch: Watch, options: NoticeOptions): Notice {
  const finished = watch.finished;
  if (finished === null) throw new Error(`Watch ${watch.fileId} has no outcome to announce`);

  const converts = watch.seen?.converts ?? null;
  const lines = outcomeLines(watch, finished.outcome, finished.at);
  if (!options.detailed) lines.push(TEXT_ONLY_NOTE);

  return {
    outcome: finished.outcome,
    userId: watch.userId,
    fileId: watch.fileId,
    headline: HEADLINES[finished.outcome],
    fileName: options.detailed ? watch.fileName : null,
    link: finished.outcome === 'gone' ? null : (converts?.link ?? null),
    lines,
    qualities: finished.outcome === 'gone' ? [] : qualityStates(watch, finished.outcome),
    marker: noticeMarker(watch),
    image: options.detailed && finished.outcome !== 'gone' ? options.image : null,
  };
}

const HEADLINES: Record<FinishedOutcome, string> = {
  done: 'your video finished encoding.',
  failed: 'the host could not encode your video.',
  expired: 'your video was still encoding at the deadline, so the bot stopped watching it.',
  gone: 'your video is no longer on the host, so the bot stopped watching it.',
};

function outcomeLines(watch: Watch, outcome: FinishedOutcome, finishedAt: number): string[] {
  const converts = watch.seen?.converts ?? null;

  switch (outcome) {
    case 'done': {
      const encodingMs = hostEncodingMs(converts?.qualities ?? []) ?? finishedAt - watch.createdAt;
      return [`File ${watch.fileId} is ready. Encoding took ${formatDuration(encodingMs / 1000)}.`];
    }
    case 'failed':
      return [`The host reports that encoding file ${watch.fileId} failed.`];
    case 'expired':
      return [
        `File ${watch.fileId} was watched for ${formatDuration((watch.deadlineAt - watch.createdAt) / 1000)} and had not finished encoding. Run /watch to watch it again.`,
      ];
    case 'gone':
      return [
        `The host no longer lists file ${watch.fileId} for your account: it was deleted or belongs to another account now.`,
      ];
  }
}

/**
 * Each quality's state, from the last `file/converts` when there was one,
 * otherwise from the last `file/info`'s `available_qualities`.
 */
function qualityStates(watch: Watch, outcome: FinishedOutcome): NoticeQuality[] {
  const converts = watch.seen?.converts ?? null;
  if (converts !== null && converts.qualities.length > 0) {
    return converts.qualities.map((quality) => ({
      label: quality.label,
      state: qualityState(quality, outcome),
    }));
  }

  const available = watch.seen?.available ?? {};
  return Object.entries(available).map(([label, ready]) => ({ label, state: ready ? 'ready' : 'not ready' }));
}

function qualityState(quality: QualitySnapshot, outcome: FinishedOutcome): string {
  if (quality.skipped) return 'skipped (not produced for this source)';
  if (quality.done) return 'ready';
  if (outcome === 'failed') return `failed at ${Math.floor(quality.progress)} %`;
  return `${Math.floor(quality.progress)} %`;
}
