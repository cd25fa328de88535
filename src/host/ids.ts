/**
 * Input checks that run before any request, so that nothing unchecked reaches a URL. A value
 * that fails throws a `HostInvalidInputError` naming the argument and saying what is accepted.
 */
import { HostInvalidInputError, type HostEndpoint } from './errors.js';
import { QUALITIES, type HostCredentials, type Quality } from './types.js';

/** The host's documented maximum of IDs in one `file/info` request. */
export const MAX_IDS_PER_REQUEST = 50;

/** The host's IDs are 10 characters; 64 leaves room for longer ones while keeping a 50-ID URL short. */
const MAX_ID_LENGTH = 64;

/** The API's logins are 16 hex digits and its keys 16 characters; longer values are surely pasted wrong. */
const MAX_CREDENTIAL_LENGTH = 128;

const FILE_ID = /^[A-Za-z0-9]+$/;
const FOLDER_ID = /^\d+$/;
const SHA1 = /^[0-9a-fA-F]{40}$/;
// Printable ASCII without spaces: what fits a query parameter without surprises.
const CREDENTIAL = /^[\x21-\x7e]+$/;

/** Shows a rejected value in a message, cut short. Never used for credentials. */
function shown(value: unknown): string {
  if (typeof value === 'number') return String(value);

  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length <= 40 ? text : `${text.slice(0, 39)}…`);
}

function invalid(
  endpoint: HostEndpoint,
  field: string,
  detail: string,
  userMessage: string,
): HostInvalidInputError {
  return new HostInvalidInputError({
    endpoint,
    field,
    message: `${endpoint}: invalid ${field}: ${detail}`,
    userMessage,
  });
}

export function checkFileId(endpoint: HostEndpoint, value: unknown, field = 'fileId'): string {
  if (typeof value === 'string' && FILE_ID.test(value) && value.length <= MAX_ID_LENGTH) return value;

  throw invalid(
    endpoint,
    field,
    `${shown(value)} is not letters and digits (at most ${MAX_ID_LENGTH})`,
    `${shown(value)} is not a file ID: file IDs contain only letters and digits, like FXR1I5PIK1.`,
  );
}

/** Checks a list of file IDs of any length and drops repeats, keeping the first occurrence's order. */
export function checkFileIdList(endpoint: HostEndpoint, values: readonly unknown[]): string[] {
  if (!Array.isArray(values)) throw invalid(endpoint, 'ids', 'not an array', 'Give the file IDs as a list.');

  const ids = values.map((value, index) => checkFileId(endpoint, value, `ids[${index}]`));
  return [...new Set(ids)];
}

/** Checks the IDs of one `file/info` request: 1 to 50 distinct IDs. */
export function checkFileIdBatch(endpoint: HostEndpoint, values: readonly unknown[]): string[] {
  const ids = checkFileIdList(endpoint, values);

  if (ids.length === 0) {
    throw invalid(endpoint, 'ids', 'no file ID given', 'Give at least one file ID.');
  }
  if (ids.length > MAX_IDS_PER_REQUEST) {
    throw invalid(
      endpoint,
      'ids',
      `${ids.length} IDs given, at most ${MAX_IDS_PER_REQUEST} allowed`,
      `Give at most ${MAX_IDS_PER_REQUEST} file IDs at once; you gave ${ids.length}.`,
    );
  }

  return ids;
}

export function checkFolderId(endpoint: HostEndpoint, value: unknown, field = 'folderId'): string {
  if (typeof value === 'string' && FOLDER_ID.test(value) && value.length <= MAX_ID_LENGTH) return value;

  throw invalid(
    endpoint,
    field,
    `${shown(value)} is not decimal digits`,
    `${shown(value)} is not a folder ID: folder IDs contain only digits, like 26.`,
  );
}

/** Splash 0 is the big thumbnail; 1 to 5 pick an image of the tileset. */
export function checkSplashIndex(endpoint: HostEndpoint, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 5) return value;

  throw invalid(
    endpoint,
    'index',
    `${shown(value)} is not a whole number from 0 to 5`,
    `The splash index must be a whole number from 0 to 5, not ${shown(value)}.`,
  );
}

export function checkQuality(endpoint: HostEndpoint, value: unknown): Quality {
  const quality = QUALITIES.find((candidate) => candidate === value);
  if (quality !== undefined) return quality;

  throw invalid(
    endpoint,
    'quality',
    `${shown(value)} is not one of ${QUALITIES.join(', ')}`,
    `The quality must be 360p, 480p, 720p or 1080p, not ${shown(value)}.`,
  );
}

export function checkSha1(endpoint: HostEndpoint, value: unknown): string {
  if (typeof value === 'string' && SHA1.test(value)) return value.toLowerCase();

  throw invalid(
    endpoint,
    'sha1',
    `${shown(value)} is not 40 hex digits`,
    'The bot computed an invalid SHA-1 for this file; tell its operator.',
  );
}

/** Checks the API login and key without ever putting either into the error. */
export function checkCredentials(endpoint: HostEndpoint, credentials: HostCredentials): void {
  for (const field of ['login', 'key'] as const) {
    const value: unknown = credentials[field];
    if (typeof value === 'string' && CREDENTIAL.test(value) && value.length <= MAX_CREDENTIAL_LENGTH)
      continue;

    throw invalid(
      endpoint,
      field,
      `the API ${field} is empty, too long, or contains spaces or non-ASCII characters`,
      `That API ${field} is not valid. Copy the login and key from "User Settings" in the host's user panel, then run /login again.`,
    );
  }
}
