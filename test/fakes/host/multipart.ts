/**
 * Receives the `file` field of a multipart/form-data upload as a stream,
 * writing it to a temporary file while computing its SHA-1 and size, so the
 * fake's memory stays flat whatever the file size.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';

import busboy from 'busboy';

import { drainBody } from './exchange.js';

export interface ReceivedFile {
  /** The file name from the part's `Content-Disposition`, or `upload` when it has none. */
  name: string;
  /** Bytes. */
  size: number;
  /** Lower-case hexadecimal. */
  sha1: string;
  /** The temporary file; the caller deletes it. */
  path: string;
}

export type ReceiveOutcome =
  | { kind: 'file'; file: ReceivedFile }
  /** The body has no `file` part, or is not multipart/form-data. */
  | { kind: 'no-file' }
  /** The body is multipart but broken; `reason` is busboy's message. */
  | { kind: 'invalid'; reason: string }
  /** The client went away before the end of the body. */
  | { kind: 'aborted' };

/** The multipart field that carries the file, as the host documents it. */
const FILE_FIELD = 'file';

let nextUploadNumber = 0;

/** Writes `stream` to `path`, hashing and counting the bytes on the way; deletes `path` when writing fails. */
async function spool(stream: Readable, path: string, name: string): Promise<ReceivedFile> {
  const hash = createHash('sha1');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });

  try {
    await pipeline(stream, meter, createWriteStream(path));
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }

  return { name, size, sha1: hash.digest('hex'), path };
}

/** Feeds `req` to `parser`; rejects when the parser fails or the client aborts. */
async function parseBody(req: IncomingMessage, parser: busboy.Busboy): Promise<void> {
  req.on('close', () => {
    if (!req.complete) {
      parser.destroy(new Error('The client aborted the upload'));
    }
  });
  req.pipe(parser);
  await finished(parser);
}

/**
 * Receives the first `file` part of `req` into `tempDir`; other parts are
 * read and dropped. Whatever was written is deleted unless the outcome is a
 * file.
 */
export async function receiveMultipartFile(req: IncomingMessage, tempDir: string): Promise<ReceiveOutcome> {
  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: req.headers, defParamCharset: 'utf8' });
  } catch {
    // busboy rejects a body that is not multipart/form-data or has no boundary: no file was uploaded.
    return (await drainBody(req)) ? { kind: 'no-file' } : { kind: 'aborted' };
  }

  let spooling: Promise<ReceivedFile> | undefined;
  parser.on('file', (field, stream, info) => {
    if (field !== FILE_FIELD || spooling !== undefined) {
      stream.resume();
      return;
    }
    nextUploadNumber += 1;
    const path = join(tempDir, `upload-${nextUploadNumber}.bin`);
    spooling = spool(stream, path, info.filename || 'upload');
    // Awaited once the body is parsed; this only keeps an early failure from being reported as unhandled.
    spooling.catch(() => undefined);
  });

  try {
    await parseBody(req, parser);
  } catch (error) {
    // spool() deletes its file when writing fails; a file written in full is deleted here.
    const written = await spooling?.catch(() => undefined);
    if (written !== undefined) {
      await rm(written.path, { force: true });
    }
    if (!(await drainBody(req))) {
      return { kind: 'aborted' };
    }
    return { kind: 'invalid', reason: error instanceof Error ? error.message : String(error) };
  }

  return spooling === undefined ? { kind: 'no-file' } : { kind: 'file', file: await spooling };
}
