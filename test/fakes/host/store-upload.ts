import { rm } from 'node:fs/promises';

import { createFile } from './create-file.js';
import { planEncoding } from './encoding.js';
import { sendError, type Exchange } from './exchange.js';
import type { FileRecord } from './model.js';
import { readVideoSize } from './mp4.js';
import { receiveMultipartFile, type ReceivedFile } from './multipart.js';
import type { HostRuntime, UploadResultStyle } from './runtime.js';
import { sendResult } from './send-result.js';
import type { UploadTarget } from './tickets.js';

/** Names the new file in the final upload response in `style`; 'none' leaves the client to find it by name. */
function uploadResult(
  style: UploadResultStyle,
  file: FileRecord,
  received: ReceivedFile,
): Record<string, string> {
  switch (style) {
    case 'id':
      return { id: file.id };
    case 'linkextid':
      return { linkextid: file.id };
    case 'link':
      return { link: file.link };
    case 'none':
      return { name: file.name, size: String(received.size) };
  }
}

/** Checks the SHA-1, reads the video size and creates the file; returns the envelope error instead when the SHA-1 differs. */
async function createUploadedFile(
  runtime: HostRuntime,
  target: UploadTarget,
  received: ReceivedFile,
): Promise<FileRecord | { status: number; msg: string }> {
  const record = {
    login: target.login,
    name: received.name,
    size: received.size,
    sha1: received.sha1,
    folderId: target.folderId,
  };

  if (target.sha1 !== null && target.sha1 !== received.sha1) {
    runtime.uploads.push({ ...record, fileId: null, width: null, height: null });
    return { status: 400, msg: `sha1 mismatch: expected ${target.sha1}, received ${received.sha1}` };
  }

  const size = await readVideoSize(received.path);
  const now = runtime.now();
  const file = createFile(runtime, {
    ownerLogin: target.login,
    name: received.name,
    description: '',
    folderId: target.folderId,
    uploadedAt: now,
    views: 0,
    sourceHeight: size?.height ?? null,
    encoding: planEncoding(now, size?.height ?? null, runtime.settings.encodingDurationMs),
  });

  runtime.uploads.push({
    ...record,
    fileId: file.id,
    width: size?.width ?? null,
    height: size?.height ?? null,
  });
  return file;
}

/**
 * Receives the multipart body of an upload and creates the file in
 * `target`. The temporary file is deleted before the response is sent.
 * `onCreated` runs once the file exists (a ticket is then used up).
 */
export async function storeUpload(
  exchange: Exchange,
  runtime: HostRuntime,
  target: UploadTarget,
  onCreated: () => void = () => undefined,
): Promise<void> {
  const outcome = await receiveMultipartFile(exchange.req, runtime.tempDir);
  if (outcome.kind === 'aborted') {
    return;
  }
  if (outcome.kind === 'no-file') {
    sendError(exchange, 400, 'No file was uploaded');
    return;
  }
  if (outcome.kind === 'invalid') {
    sendError(exchange, 400, `Invalid multipart body: ${outcome.reason}`);
    return;
  }

  let created: Awaited<ReturnType<typeof createUploadedFile>>;
  try {
    created = await createUploadedFile(runtime, target, outcome.file);
  } finally {
    await rm(outcome.file.path, { force: true });
  }

  if ('status' in created) {
    sendError(exchange, created.status, created.msg);
    return;
  }
  onCreated();
  sendResult(exchange, runtime, uploadResult(runtime.settings.uploadResultStyle, created, outcome.file));
}
