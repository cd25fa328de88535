import { stat } from 'node:fs/promises';
import {
  HostAbortError,
  HostBadRequestError,
  HostError,
  HostInvalidInputError,
  HostInvalidResponseError,
} from './errors.js';
import type { HostHttp } from './http.js';
import { checkFolderId, checkSha1 } from './ids.js';
import { multipartBody } from './multipart.js';
import { RequestUrl, type HostUrls, type QueryParameters } from './request-url.js';
import { safeCause } from './safe-cause.js';
import { isPlainObject } from './schemas/collections.js';
import { parseResult } from './schemas/parse-result.js';
import { uploadTicketSchema } from './schemas/upload-ticket.js';
import { identityFromResult } from './upload-identity.js';
import type { FolderListing, HostCredentials, UploadInput, UploadResult } from './types.js';
import { userMessages } from './user-messages.js';

/** The parts of its client that an upload uses. */
export interface UploadContext {
  http: HostHttp;
  urls: HostUrls;
  credentials: HostCredentials;
  requireHttps: boolean;
  /** Lists the last 24 hours of a folder (the root when undefined), to find a file by name. */
  listRecent: (folderId: string | undefined, signal: AbortSignal | undefined) => Promise<FolderListing>;
}

interface CheckedUpload {
  path: string;
  name: string;
  size: number;
  sha1: string | undefined;
  folderId: string | undefined;
  httpOnly: boolean;
  contentType: string;
  signal: AbortSignal | undefined;
  onProgress: UploadInput['onProgress'];
}

/**
 * Uploads a file from disk. The host documents two styles, so the client asks the upload URL
 * for a ticket first. A result with `url` is a ticket, and the file is POSTed there. After a 400
 * or 405, or a result without `url`, the file is POSTed to the upload URL itself. The POST is
 * never retried. The new file's ID comes from the response, or from a `file/listfolder` lookup.
 */
export async function uploadFile(context: UploadContext, input: UploadInput): Promise<UploadResult> {
  const upload = checkUploadInput(input);
  await checkFileOnDisk(upload);
  throwIfAborted(upload.signal);

  const query: QueryParameters = {
    folder: upload.folderId,
    sha1: upload.sha1,
    httponly: upload.httpOnly ? 'true' : undefined,
  };
  const target = await uploadTarget(context, query, upload.signal);

  const multipart = multipartBody(
    {
      field: 'file',
      path: upload.path,
      fileName: upload.name,
      size: upload.size,
      contentType: upload.contentType,
    },
    { signal: upload.signal, onProgress: upload.onProgress },
  );
  const result = await context.http.postOnce({
    endpoint: 'upload',
    url: target.url,
    secrets: target.secrets,
    headers: { 'content-type': multipart.contentType },
    body: multipart.body,
    bodyBytes: multipart.contentLength,
    signal: upload.signal,
  });

  return identityFromResult(result) ?? (await findUploaded(context, upload));
}

function checkUploadInput(input: UploadInput): CheckedUpload {
  const { path, name, size, contentType = 'application/octet-stream' } = input;

  if (typeof path !== 'string' || path === '') {
    throw invalidInput(
      'path',
      'no file path given',
      'The bot lost the file it was about to upload. Try again.',
    );
  }
  // Control characters and over-long names would be mangled in the multipart header.
  if (typeof name !== 'string' || name.trim() === '' || name.length > 255 || hasControlCharacter(name)) {
    throw invalidInput(
      'name',
      'empty, longer than 255 characters, or has control characters',
      invalidNameMessage,
    );
  }
  if (!Number.isSafeInteger(size) || size < 1) {
    throw invalidInput(
      'size',
      `${String(size)} is not a positive whole number of bytes`,
      'The file is empty, or its size is unknown. Try the upload again.',
    );
  }
  if (!/^[\w.+-]+\/[\w.+-]+$/.test(contentType)) {
    throw invalidInput('contentType', 'not a type/subtype media type', 'The file has an invalid media type.');
  }

  return {
    path,
    name,
    size,
    sha1: input.sha1 === undefined ? undefined : checkSha1('upload', input.sha1),
    folderId: input.folderId === undefined ? undefined : checkFolderId('upload', input.folderId),
    httpOnly: input.httpOnly === true,
    contentType,
    signal: input.signal,
    onProgress: input.onProgress,
  };
}

function hasControlCharacter(text: string): boolean {
  return [...text].some((character) => {
    const code = character.charCodeAt(0);
    return code < 0x20 || code === 0x7f;
  });
}

const invalidNameMessage =
  'The file name must be 1 to 255 characters, without line breaks or control characters.';

/** The body's `Content-Length` is computed from `size`, so it must match the file before anything is sent. */
async function checkFileOnDisk(upload: CheckedUpload): Promise<void> {
  const found = await stat(upload.path).catch((error: unknown) => {
    throw invalidInput('path', `cannot read the file: ${safeCause(error, []).message}`, fileGoneMessage);
  });

  if (!found.isFile()) throw invalidInput('path', 'not a regular file', fileGoneMessage);
  if (found.size !== upload.size) {
    throw invalidInput(
      'size',
      `the file has ${found.size} bytes, not the ${upload.size} given`,
      'The file changed on disk before the upload began. Try the upload again.',
    );
  }
}

const fileGoneMessage = 'The bot could not read the file it was about to upload. Try the upload again.';

/** Asks for a ticket and returns where to POST the file, with the secrets that URL holds. */
async function uploadTarget(
  context: UploadContext,
  query: QueryParameters,
  signal: AbortSignal | undefined,
): Promise<{ url: RequestUrl; secrets: readonly string[] }> {
  const secrets = [context.credentials.login, context.credentials.key];
  const direct = { url: context.urls.upload(context.credentials, query), secrets };

  let result: unknown;
  try {
    result = await context.http.get({ endpoint: 'upload', url: direct.url, secrets, signal });
  } catch (error) {
    if (isNoTicketAnswer(error)) return direct;
    throw error;
  }

  if (!isPlainObject(result) || !('url' in result)) return direct;

  const ticket = parseResult(uploadTicketSchema, result, { endpoint: 'upload', path: ['result'], secrets });
  const ticketUrl = new URL(ticket.url);
  if (context.requireHttps && ticketUrl.protocol !== 'https:') {
    throw invalidTicket('result.url', 'the upload ticket is not an https URL');
  }
  if (ticket.valid_until !== null && Date.now() > ticket.valid_until + LATEST_ZONE_OFFSET_MS) {
    throw invalidTicket('result.valid_until', 'the upload ticket had already expired when it was issued');
  }

  return { url: RequestUrl.issuedByHost(ticketUrl), secrets: [...secrets, ticket.url] };
}

/**
 * `valid_until` names no time zone. Read as UTC, it is at most 12 hours early (for a host at
 * UTC-12), so a ticket is taken as expired only once that much more has passed. Otherwise the
 * file is POSTed at once, and a ticket that expires meanwhile comes back as the host's error.
 */
const LATEST_ZONE_OFFSET_MS = 12 * 60 * 60 * 1000;

function invalidTicket(path: string, detail: string): HostInvalidResponseError {
  return new HostInvalidResponseError({
    endpoint: 'upload',
    envelopeStatus: 200,
    message: `upload: invalid response at ${path}: ${detail}`,
    userMessage: userMessages.invalidResponse,
    path,
  });
}

/** Returns whether the ticket request failed with a 400 or 405, which means this host takes the file directly. */
function isNoTicketAnswer(error: unknown): boolean {
  if (!(error instanceof HostBadRequestError)) return false;

  const status = error.envelopeStatus ?? error.httpStatus;
  return status === 400 || status === 405;
}

/**
 * Finds the new file by name among the last 24 hours of its folder, newest first. A lookup that
 * fails is reported as an invalid response, not retryable, because the upload itself succeeded
 * and retrying it would store the file twice.
 */
async function findUploaded(context: UploadContext, upload: CheckedUpload): Promise<UploadResult> {
  let listing: FolderListing;
  try {
    listing = await context.listRecent(upload.folderId, upload.signal);
  } catch (error) {
    if (error instanceof HostAbortError || !(error instanceof HostError)) throw error;
    throw notFoundAfterUpload(`the lookup failed: ${error.message}`, error);
  }

  // NOTE: two uploads of the same name within a day cannot be distinguished here, so the newest wins.
  const [newest] = listing.files
    .filter((file) => file.name === upload.name)
    .sort((a, b) => (b.uploadedAt ?? 0) - (a.uploadedAt ?? 0));
  if (newest === undefined) throw notFoundAfterUpload('no file of that name in the last 24 hours');

  return { fileId: newest.id, link: newest.link, resolvedBy: 'listfolder' };
}

function notFoundAfterUpload(detail: string, cause?: HostError): HostInvalidResponseError {
  return new HostInvalidResponseError({
    endpoint: 'upload',
    envelopeStatus: 200,
    message: `upload: the host accepted the file but named no file ID, and ${detail}`,
    userMessage: userMessages.uploadNotFound,
    path: 'result',
    cause,
  });
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted !== true) return;

  throw new HostAbortError({
    endpoint: 'upload',
    message: 'upload: aborted by the caller',
    userMessage: userMessages.aborted,
  });
}

function invalidInput(field: string, detail: string, userMessage: string): HostInvalidInputError {
  return new HostInvalidInputError({
    endpoint: 'upload',
    field,
    message: `upload: invalid ${field}: ${detail}`,
    userMessage,
  });
}
