import type { APIEmbed } from 'discord-api-types/v10';
import type { HostError } from '../host/errors.js';
import type { FileInfoEntry } from '../host/types.js';
import { fileEmbed } from './embeds/file-embed.js';
import { type FileProblem, fileProblemEmbeds } from './embeds/file-problems-embed.js';
import { fitEmbeds } from './embeds/fit-embeds.js';
import { hostText } from './embeds/host-text.js';
import { escapeHostText } from './embeds/host-text.js';
import type { FileIdList } from './file-id-list.js';
import { filePageLink } from './file-link.js';

/**
 * The reply of `/file` as pages. Its items are the "Not shown" embeds
 * followed by one embed per file found, and each page is a run of items
 * that fits one message. Only the first page is built from the first fetch.
 * The others fetch their own files again when their button is pressed.
 */

/** Invalid entries listed one by one; more are counted in one line, so junk cannot fill pages. */
const MAX_LISTED_INVALID = 25;

/** Characters of an invalid entry shown back to the user. */
const MAX_SHOWN_TOKEN = 40;

export interface FileAnswer {
  summary: string;
  problems: FileProblem[];
  /** IDs that showed a file, in the order given. */
  fileIds: string[];
  pages: APIEmbed[][];
}

export function buildFileAnswer(list: FileIdList, entries: FileInfoEntry[], apiUrl: string): FileAnswer {
  const problems = [...failedProblems(entries), ...invalidProblems(list.invalid)];
  const found = entries.flatMap((entry) => (entry.ok ? [entry] : []));
  const items = [
    ...fileProblemEmbeds(problems),
    ...found.map((entry) => fileEmbed(entry.file, filePageLink(apiUrl, entry.id))),
  ];

  return {
    summary: summaryOf(list, found.length),
    problems,
    fileIds: found.map((entry) => entry.id),
    pages: fitEmbeds(items),
  };
}

/** Returns the index of each page's first item. */
export function pageStartsOf(pages: readonly APIEmbed[][]): number[] {
  const starts: number[] = [];
  let next = 0;
  for (const page of pages) {
    starts.push(next);
    next += page.length;
  }
  return starts;
}

/** Returns the file IDs of items `start` to `end` (exclusive), after `problemEmbedCount` problem embeds. */
export function fileIdsInRange(
  fileIds: readonly string[],
  problemEmbedCount: number,
  start: number,
  end: number,
): string[] {
  return fileIds.slice(Math.max(start - problemEmbedCount, 0), Math.max(end - problemEmbedCount, 0));
}

/** Embeds for files fetched again for a later page; a file that has gone since shows why. */
export function refetchedEmbeds(entries: readonly FileInfoEntry[], apiUrl: string): APIEmbed[] {
  return entries.map((entry) =>
    entry.ok
      ? fileEmbed(entry.file, filePageLink(apiUrl, entry.id))
      : { title: entry.id, description: `Not shown: ${reasonFor(entry.error)}.` },
  );
}

/** Why a file is not shown, in a few words: the host's per-file status, or its message. */
export function reasonFor(error: HostError): string {
  switch (error.code) {
    case 'HOST_NOT_FOUND':
      return 'not found on the host';
    case 'HOST_PERMISSION_DENIED':
      return 'not yours (it belongs to another account)';
    case 'HOST_UNAVAILABLE_FOR_LEGAL_REASONS':
      return 'blocked by the host for legal reasons';
    default:
      // The message is a sentence; the callers add their own full stop.
      return escapeHostText(error.userMessage).replace(/\.$/, '');
  }
}

function failedProblems(entries: readonly FileInfoEntry[]): FileProblem[] {
  return entries.flatMap((entry) =>
    entry.ok ? [] : [{ subject: entry.id, reason: reasonFor(entry.error) }],
  );
}

function invalidProblems(invalid: readonly string[]): FileProblem[] {
  const listed = invalid.slice(0, MAX_LISTED_INVALID).map((token) => ({
    subject: hostText(token, MAX_SHOWN_TOKEN),
    reason: 'not a file ID',
  }));

  const unlisted = invalid.length - listed.length;
  if (unlisted > 0) {
    listed.push({ subject: `${unlisted} more entries`, reason: 'not file IDs either' });
  }
  return listed;
}

function summaryOf(list: FileIdList, found: number): string {
  const parts: string[] = [];

  if (list.ids.length === 0) {
    parts.push('None of the entries is a file ID. File IDs are letters and digits, like FXR1I5PIK1.');
  } else {
    parts.push(`Found ${found} of ${list.ids.length} ${list.ids.length === 1 ? 'file' : 'files'}.`);
  }
  if (list.ids.length > 0 && list.invalid.length > 0) {
    parts.push(
      `${list.invalid.length} ${list.invalid.length === 1 ? 'entry is' : 'entries are'} not a file ID.`,
    );
  }
  if (list.duplicates > 0) {
    parts.push(`${list.duplicates} repeated ${list.duplicates === 1 ? 'ID was' : 'IDs were'} skipped.`);
  }

  return parts.join(' ');
}
