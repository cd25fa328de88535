import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';

import type { FakeAttachment } from './attachment.js';

/** One request the fake CDN served, kept so tests can count downloads. */
export interface CdnRequest {
  method: string;
  path: string;
  status: number;
  attachmentId: string | undefined;
  at: number;
}

const CDN_PATH = /^\/(attachments|ephemeral-attachments)\/(\d+)\/(\d+)\/([^/]+)$/;

/** The body Discord's CDN sends, with a 404, for unknown, unsigned and expired attachment URLs. */
const GONE_TEXT = 'This content is no longer available.';

/** Returns true when a request path belongs to the CDN rather than the REST API. */
export function isCdnPath(pathname: string): boolean {
  return CDN_PATH.test(pathname);
}

/**
 * Serves an attachment when the URL's folder, parent, ID and file name match it and its `hm`
 * signature is current. HEAD requests get the headers only.
 */
export async function serveCdnRequest(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  attachments: ReadonlyMap<string, FakeAttachment>,
  log: CdnRequest[],
): Promise<void> {
  const method = request.method ?? 'GET';
  const attachment = findAttachment(url, attachments);
  const entry: CdnRequest = {
    method,
    path: url.pathname,
    status: 404,
    attachmentId: attachment?.id,
    at: Date.now(),
  };
  log.push(entry);

  if (method !== 'GET' && method !== 'HEAD') {
    entry.status = 405;
    response.writeHead(405, { allow: 'GET, HEAD' });
    response.end();
    return;
  }

  if (attachment === undefined || !attachment.isValidSignature(url.searchParams.get('hm'))) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(GONE_TEXT);
    return;
  }

  entry.status = 200;
  const headers: Record<string, string | number> = {
    'content-type': attachment.contentType,
    'cache-control': 'public, max-age=31536000',
  };

  if (attachment.sendContentLength) {
    headers['content-length'] = attachment.byteLength;
  }

  response.writeHead(200, headers);

  if (method === 'HEAD') {
    response.end();
    return;
  }

  await streamBody(attachment, response);
}

function findAttachment(
  url: URL,
  attachments: ReadonlyMap<string, FakeAttachment>,
): FakeAttachment | undefined {
  const match = CDN_PATH.exec(url.pathname);

  if (match === null) {
    return undefined;
  }

  const [, folder, parentId, id, name] = match;
  const attachment = attachments.get(id ?? '');

  if (attachment === undefined || attachment.folder !== folder || attachment.parentId !== parentId) {
    return undefined;
  }

  if (safeDecode(name ?? '') !== attachment.filename) {
    return undefined;
  }

  return attachment;
}

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape cannot name any stored file, so the caller treats it as not found.
    return undefined;
  }
}

async function streamBody(attachment: FakeAttachment, response: ServerResponse): Promise<void> {
  try {
    await pipeline(attachment.open(), response);
  } catch (error) {
    // A client that stops reading (a size cap, an aborted download) ends the pipeline early;
    // that is the client's choice, so only the socket needs closing.
    if (!response.destroyed) {
      response.destroy(error instanceof Error ? error : undefined);
    }
  }
}
