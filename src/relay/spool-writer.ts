import { createHash } from 'node:crypto';
import { writev } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Writable } from 'node:stream';

import { RelayTooLargeError } from './errors.js';

/**
 * Bytes gathered before one write to the spool file, because a write per 16 to 64 KiB socket
 * chunk costs a thread-pool round trip each. Measured on a 2-core Xeon with Node.js 20: a 256 MiB
 * download from a local server took 0.59 to 0.69 s, against 0.84 to 0.89 s through
 * `createWriteStream`. Larger batches were faster alone but raised the event-loop delay p99
 * under 20 concurrent relays from about 15 ms to 25 ms (512 KiB) and 75 ms (1 MiB).
 */
export const WRITE_BATCH_BYTES = 256 * 1024;

/**
 * Bytes the stream accepts while a batch waits for the write before it, before it pushes back on
 * the download. Kept small so each download socket yields the event loop after a few chunks.
 * Under 20 relays the loop delay p99 was 14 ms (12 to 20) against 16 ms (13 to 26) at 256 KiB,
 * within the noise, and a single download was no slower.
 */
const BUFFERED_BYTES = 64 * 1024;

/**
 * The end of a download pipeline: writes the bytes to a new spool file in batches while counting
 * them and computing their SHA-1. It fails with `RelayTooLargeError` on the first chunk that
 * would take the count past `maxBytes`, before that chunk is written. At most one write is in
 * flight, so memory stays at about two batches whatever the file size.
 */
export class SpoolWriter extends Writable {
  readonly #file: string;
  readonly #maxBytes: number;
  readonly #onBytes: (bytes: number) => void;
  readonly #hash = createHash('sha1');
  #bytes = 0;
  #handle: FileHandle | null = null;
  #batch: Buffer[] = [];
  #batchBytes = 0;
  #inFlight: Promise<void> = Promise.resolve();
  #writeError: Error | null = null;

  /** `file` must not exist yet; it is created when the stream opens. */
  constructor(file: string, maxBytes: number, onBytes: (bytes: number) => void = () => undefined) {
    super({ highWaterMark: BUFFERED_BYTES });
    this.#file = file;
    this.#maxBytes = maxBytes;
    this.#onBytes = onBytes;
  }

  /** Bytes received so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Returns the SHA-1 of every byte received as 40 lower-case hex digits. Call it once, after the end. */
  sha1(): string {
    return this.#hash.digest('hex');
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.#file, 'wx').then(
      (handle) => {
        this.#handle = handle;
        callback();
      },
      (error: unknown) => callback(asError(error)),
    );
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const next = this.#bytes + chunk.length;

    if (next > this.#maxBytes) {
      callback(new RelayTooLargeError(null, this.#maxBytes));
      return;
    }

    this.#bytes = next;
    this.#hash.update(chunk);

    try {
      this.#onBytes(next);
    } catch (error) {
      // A throwing progress listener would otherwise escape the stream machinery and crash the process.
      callback(asError(error));
      return;
    }

    this.#batch.push(chunk);
    this.#batchBytes += chunk.length;
    if (this.#batchBytes < WRITE_BATCH_BYTES) {
      callback();
      return;
    }

    // Wait for the previous batch only, so the next one fills while this one is written.
    void this.#inFlight.then(() => {
      if (this.#writeError !== null) {
        callback(this.#writeError);
        return;
      }
      this.#startBatchWrite();
      callback();
    });
  }

  override _final(callback: (error?: Error | null) => void): void {
    void this.#finish().then(
      () => callback(),
      (error: unknown) => callback(asError(error)),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // The handle must not close under a running write; the write's own error is already recorded.
    void this.#inFlight
      .then(() => this.#closeHandle())
      .catch(() => undefined)
      .then(() => callback(error));
  }

  async #finish(): Promise<void> {
    await this.#inFlight;
    if (this.#writeError !== null) throw this.#writeError;

    this.#startBatchWrite();
    await this.#inFlight;
    if (this.#writeError !== null) throw this.#writeError;

    await this.#closeHandle();
  }

  #startBatchWrite(): void {
    const handle = this.#handle;
    const buffers = this.#batch;
    this.#batch = [];
    this.#batchBytes = 0;

    if (handle === null || buffers.length === 0) return;

    // The error is kept, not thrown, because a failed write may have no later chunk to report it
    // to and would be an unhandled rejection. `_write` and `_final` pass it on.
    this.#inFlight = writeAll(handle, buffers).catch((error: unknown) => {
      this.#writeError = asError(error);
    });
  }

  async #closeHandle(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    await handle?.close();
  }
}

/**
 * Writes every byte of `buffers`, continuing after a partial write, which `writev` may return.
 * It uses the callback API because `FileHandle.writev` raised the event-loop delay p99 under 20
 * concurrent relays from about 15 ms to 25 to 35 ms in the same measurement.
 */
async function writeAll(handle: FileHandle, buffers: Buffer[]): Promise<void> {
  let rest = buffers;

  while (rest.length > 0) {
    const bytesWritten = await new Promise<number>((resolve, reject) => {
      writev(handle.fd, rest, (error, written) => (error ? reject(error) : resolve(written)));
    });
    if (bytesWritten === 0) throw new Error('Writing to the spool file made no progress');
    rest = dropBytes(rest, bytesWritten);
  }
}

function dropBytes(buffers: Buffer[], count: number): Buffer[] {
  let left = count;
  let index = 0;

  while (index < buffers.length && left >= (buffers[index]?.length ?? 0)) {
    left -= buffers[index]?.length ?? 0;
    index += 1;
  }

  const rest = buffers.slice(index);
  const first = rest[0];
  if (first !== undefined && left > 0) rest[0] = first.subarray(left);
  return rest;
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
