import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import path from 'node:path';

export interface TestFile {
  path: string;
  size: number;
  sha1: string;
}

/** Writes `size` random bytes to `dir/name` in 1 MiB pieces, hashing as it goes. */
export async function writeRandomFile(dir: string, name: string, size: number): Promise<TestFile> {
  const filePath = path.join(dir, name);
  const out = createWriteStream(filePath);
  const hash = createHash('sha1');

  for (let written = 0; written < size;) {
    const piece = randomBytes(Math.min(1024 * 1024, size - written));
    hash.update(piece);
    written += piece.length;
    if (!out.write(piece)) await once(out, 'drain');
  }
  out.end();
  await finished(out);

  return { path: filePath, size, sha1: hash.digest('hex') };
}
