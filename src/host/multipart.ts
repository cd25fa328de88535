import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { HostInvalidInputError } from './errors.js';

/** Bytes read from disk per chunk; bounds the memory one upload holds. */
const CHUNK_BYTES = 256 * 1024;

export interface MultipartFile {
  /** The form field's name; the host expects `file`. */
  field: string;
  path: string;
  /** The name sent in `Content-Disposition`. */
  fileName: string;
  /** The file's size in bytes; the body's `Content-Length` depends on it being exact. */
  size: number;
  contentType: string;
}

export interface MultipartBody {
  /** `multipart/form-data` with this body's boundary. */
  contentType: string;
  /** The exact byte length of `body`. */
  contentLength: number;
  body: AsyncIterable<Uint8Array>;
}

/**
 * Builds a `multipart/form-data` body with one file part that streams from disk: the part's
 * headers, the file in chunks, then the closing boundary. `onProgress` receives the file bytes
 * handed to the request so far (not the headers), and reaches `file.size` once all are sent.
 * The body can be iterated once.
 */
export function multipartBody(
  file: MultipartFile,
  options: { signal?: AbortSignal; onProgress?: (sentBytes: number, totalBytes: number) => void } = {},
): MultipartBody {
  // 24 random hex digits: the chance that the file's bytes contain the boundary is negligible.
  const boundary = `----host-upload-${randomBytes(12).toString('hex')}`;
  const preamble = Buffer.from(
    `--${boundary}\r\n` +
      `Content-Disposition: form-data; name="${quoted(file.field)}"; filename="${quoted(file.fileName)}"\r\n` +
      `Content-Type: ${file.contentType}\r\n\r\n`,
    'utf8',
  );
  const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');

  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: preamble.length + file.size + epilogue.length,
    body: chunks(file, preamble, epilogue, options),
  };
}

async function* chunks(
  file: MultipartFile,
  preamble: Buffer,
  epilogue: Buffer,
  options: { signal?: AbortSignal; onProgress?: (sentBytes: number, totalBytes: number) => void },
): AsyncGenerator<Uint8Array> {
  yield preamble;

  // Read exactly `size` bytes: a file that grew is cut there, one that shrank fails below.
  const stream = createReadStream(file.path, {
    start: 0,
    end: file.size - 1,
    highWaterMark: CHUNK_BYTES,
    signal: options.signal,
  });
  let sent = 0;

  for await (const chunk of stream as AsyncIterable<Buffer>) {
    yield chunk;
    sent += chunk.length;
    report(options.onProgress, sent, file.size);
  }

  if (sent !== file.size) {
    throw new HostInvalidInputError({
      endpoint: 'upload',
      field: 'size',
      message: `upload: the file had ${sent} bytes when read, not the ${file.size} given`,
      userMessage: 'The file changed on disk while it was being uploaded. Try the upload again.',
    });
  }

  yield epilogue;
}

function report(
  listener: ((sent: number, total: number) => void) | undefined,
  sent: number,
  total: number,
): void {
  if (listener === undefined) return;

  try {
    listener(sent, total);
  } catch {
    // A failing progress listener must not fail the upload; the listener owns its errors.
  }
}

/**
 * Escapes a value for a quoted `Content-Disposition` parameter as browsers do (WHATWG HTML's
 * form encoding): `"`, CR and LF percent-encoded, so a name cannot end the header early.
 */
function quoted(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
