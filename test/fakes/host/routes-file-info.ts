import { isFileId, requireAccount } from './access.js';
import { isAvailable, QUALITY_LABELS, qualityStatuses } from './encoding.js';
import { sendError, type Exchange } from './exchange.js';
import type { FileRecord } from './model.js';
import type { HostRuntime } from './runtime.js';
import { sendResult } from './send-result.js';

/** The host's limit of IDs in one `file/info` request. */
export const MAX_FILE_INFO_IDS = 50;

function toSeconds(ms: number): string {
  return String(Math.floor(ms / 1000));
}

/** Renders one file as `file/info` shows it: numbers as strings, `md5` always "n/a", qualities as booleans. */
function renderFileInfo(file: FileRecord, now: number): Record<string, unknown> {
  const statuses = qualityStatuses(file.encoding, now);
  const availableQualities: Record<string, boolean> = {};
  for (const label of QUALITY_LABELS) {
    const status = statuses.find((candidate) => candidate.label === label);
    availableQualities[label] = status !== undefined && isAvailable(status);
  }

  return {
    id: file.id,
    status: 200,
    name: file.name,
    description: file.description,
    upload_date_unix_timestamp: toSeconds(file.uploadedAt),
    last_view_date_unix_timestamp: toSeconds(file.lastViewedAt),
    views_count: String(file.views),
    md5: 'n/a',
    available_qualities: availableQualities,
  };
}

/** Splits the `file` parameter into IDs, or returns the message of the envelope 400. */
function parseFileIds(value: string | undefined): string[] | string {
  if (value === undefined || value === '') {
    return 'Parameter file is required';
  }

  const ids = value.split(',');
  if (ids.length > MAX_FILE_INFO_IDS) {
    return `Too many file IDs: ${ids.length} (the maximum is ${MAX_FILE_INFO_IDS})`;
  }

  const invalid = ids.find((id) => !isFileId(id));
  if (invalid !== undefined) {
    return `Invalid file ID: "${invalid.slice(0, 64)}"`;
  }
  return ids;
}

/**
 * `file/info`: one entry per requested ID with its own `status`: 200 with the
 * file's fields, 403 for another account's file, and 404 for an unknown ID,
 * or no entry at all when `notFoundStyle` is 'omit'.
 */
export function handleFileInfo(exchange: Exchange, runtime: HostRuntime): void {
  const account = requireAccount(exchange, runtime);
  if (account === undefined) {
    return;
  }

  const ids = parseFileIds(exchange.query.file);
  if (typeof ids === 'string') {
    sendError(exchange, 400, ids);
    return;
  }

  const now = runtime.now();
  const result: Record<string, unknown> = {};
  for (const id of ids) {
    const lookup = runtime.model.lookupFile(account.login, id);
    if (lookup.kind === 'found') {
      result[id] = renderFileInfo(lookup.file, now);
    } else if (lookup.kind === 'foreign') {
      result[id] = { id, status: 403 };
    } else if (runtime.settings.notFoundStyle === 'status') {
      result[id] = { id, status: 404 };
    }
  }

  sendResult(exchange, runtime, result);
}
