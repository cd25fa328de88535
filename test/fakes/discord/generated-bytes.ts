import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** Bytes per generated chunk; large enough that a 1 GiB body takes about 16 000 chunks. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Builds the 64 KiB block every generated chunk is cut from, by chaining SHA-256 over the seed,
 * so the bytes look random to compressors and deduplicating stores.
 */
function baseBlock(seed: string): Buffer {
  const block = Buffer.alloc(CHUNK_BYTES);
  let digest = createHash('sha256').update(seed).digest();

  for (let offset = 0; offset < CHUNK_BYTES; offset += digest.length) {
    digest.copy(block, offset);
    digest = createHash('sha256').update(digest).digest();
  }

  return block;
}

/**
 * Streams `size` deterministic bytes for `seed`: the same seed and size always give the same
 * bytes, and memory use stays at one chunk whatever the size. Each chunk carries its index in
 * its first 8 bytes so no two chunks of a body are equal.
 */
export function generatedByteStream(size: number, seed: string): Readable {
  const block = baseBlock(seed);
  let sent = 0;
  let index = 0;

  return new Readable({
    highWaterMark: CHUNK_BYTES,
    read() {
      if (sent >= size) {
        this.push(null);
        return;
      }

      const length = Math.min(CHUNK_BYTES, size - sent);
      const chunk = Buffer.from(block.subarray(0, length));
      const header = Buffer.alloc(8);
      header.writeBigUInt64BE(BigInt(index));
      header.copy(chunk, 0, 0, Math.min(8, length));

      sent += length;
      index += 1;
      this.push(chunk);
    },
  });
}
