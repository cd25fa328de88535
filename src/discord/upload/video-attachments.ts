import { formatBytes } from '../../relay/format-bytes.js';

/** The attachment fields the relay needs, from an interaction option or a message. */
export interface VideoAttachment {
  id: string;
  name: string;
  url: string;
  size: number;
  contentType: string | null;
}

export interface SkippedAttachment {
  name: string;
  reason: string;
}

/** Extensions accepted when Discord sent no content type. */
const VIDEO_EXTENSIONS = new Set([
  'mp4',
  'm4v',
  'mov',
  'webm',
  'mkv',
  'avi',
  'wmv',
  'flv',
  'mpg',
  'mpeg',
  'ts',
  '3gp',
]);

/**
 * Splits attachments into videos the bot will relay and the others, each
 * with the reason it is skipped (not a video, empty, over the size cap).
 */
export function sortAttachments(
  attachments: readonly VideoAttachment[],
  maxBytes: number,
): { videos: VideoAttachment[]; skipped: SkippedAttachment[] } {
  const videos: VideoAttachment[] = [];
  const skipped: SkippedAttachment[] = [];

  for (const attachment of attachments) {
    const reason = skipReason(attachment, maxBytes);
    if (reason === null) videos.push(attachment);
    else skipped.push({ name: attachment.name, reason });
  }
  return { videos, skipped };
}

function skipReason(attachment: VideoAttachment, maxBytes: number): string | null {
  if (!isVideo(attachment)) {
    return `not a video (${attachment.contentType ?? 'unknown type'})`;
  }
  if (attachment.size === 0) return 'the file is empty';
  if (attachment.size > maxBytes) {
    return `${formatBytes(attachment.size)} is over this bot's limit of ${formatBytes(maxBytes)}`;
  }
  return null;
}

function isVideo(attachment: VideoAttachment): boolean {
  if (attachment.contentType !== null) return attachment.contentType.toLowerCase().startsWith('video/');

  const extension = attachment.name.toLowerCase().split('.').pop() ?? '';
  return VIDEO_EXTENSIONS.has(extension);
}
