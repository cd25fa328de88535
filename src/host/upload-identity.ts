import { isPlainObject } from './schemas/collections.js';
import { isHttpUrl } from './schemas/fields.js';
import type { UploadResolution } from './types.js';

const FILE_ID = /^[A-Za-z0-9]+$/;

/** A link to a file's page ends in `/v/<ID>`, e.g. `https://www.bitporno.com/v/GGJIW5DU5H`. */
const FILE_PAGE = /\/v\/([A-Za-z0-9]+)\/?$/;

export interface UploadIdentity {
  fileId: string;
  link: string | null;
  resolvedBy: Exclude<UploadResolution, 'listfolder'>;
}

/**
 * Finds the new file's ID in the final upload response: its `id`, its `linkextid`, or a link
 * ending in `/v/<ID>` (as `link`, or as the whole result). Returns null when none is present,
 * and the caller then looks the file up by name.
 */
export function identityFromResult(result: unknown): UploadIdentity | null {
  if (typeof result === 'string') {
    const fromLink = idFromLink(result);
    return fromLink === null ? null : { fileId: fromLink, link: result, resolvedBy: 'link' };
  }

  if (!isPlainObject(result)) return null;

  const link = typeof result.link === 'string' && isHttpUrl(result.link) ? result.link : null;

  const id = asFileId(result.id);
  if (id !== null) return { fileId: id, link, resolvedBy: 'id' };

  const linkId = asFileId(result.linkextid);
  if (linkId !== null) return { fileId: linkId, link, resolvedBy: 'linkextid' };

  const fromLink = link === null ? null : idFromLink(link);
  if (fromLink !== null) return { fileId: fromLink, link, resolvedBy: 'link' };

  return null;
}

function asFileId(value: unknown): string | null {
  const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
  return typeof text === 'string' && FILE_ID.test(text) ? text : null;
}

function idFromLink(link: string): string | null {
  if (!isHttpUrl(link)) return null;

  return FILE_PAGE.exec(new URL(link).pathname)?.[1] ?? null;
}
