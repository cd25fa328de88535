import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { afterEach, beforeEach, expect, test } from 'vitest';

import { RelayTooLargeError } from '../../src/relay/errors.js';
import { SpoolWriter, WRITE_BATCH_BYTES } from '../../src/relay/spool-writer.js';
import { makeTempDir } from '../support/temp-dir.js';

let temp: { dir: string; remove: () => Promise<void> };

beforeEach(async () => {
  temp = await makeTempDir('spool-writer');
});

afterEach(async () => {
  await temp.remove();
});

/** Cuts `bytes` into chunks of 1 byte to 200 KiB, as a socket delivers them unevenly. */
function unevenChunks(bytes: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  let offset = 0;
  let step = 1;

  while (offset < bytes.length) {
    chunks.push(bytes.subarray(offset, offset + step));
    offset += step;
    step = (step * 7 + 13_001) % (200 * 1024) || 1;
  }

  return chunks;
}

/** Resolves once `writer` has closed, whether or not it failed. */
async function closed(writer: SpoolWriter): Promise<void> {
  if (writer.closed) return;
  await new Promise((resolve) => writer.once('close', resolve));
}

/** Counts this process's open file descriptors on `file`, from /proc (Linux only). */
async function descriptorsOpenOn(file: string): Promise<number> {
  const descriptors = await readdir('/proc/self/fd');
  const targets = await Promise.all(descriptors.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
  return targets.filter((target) => target === file).length;
}

test('spool writer keeps bytes across batches', async () => {
  const content = randomBytes(WRITE_BATCH_BYTES * 3 + 12_345);
  const file = path.join(temp.dir, 'relay.part');
  const progress: number[] = [];
  const writer = new SpoolWriter(file, content.length, (bytes) => progress.push(bytes));

  await pipeline(Readable.from(unevenChunks(content)), writer);

  const written = await readFile(file);
  expect(written.length).toBe(content.length);
  expect(written.equals(content)).toBe(true);
  expect(writer.bytes).toBe(content.length);
  expect(writer.sha1()).toBe(createHash('sha1').update(content).digest('hex'));
  expect(progress.at(-1)).toBe(content.length);
  expect(progress.every((bytes, index) => index === 0 || bytes > (progress[index - 1] ?? 0))).toBe(true);
  expect(await descriptorsOpenOn(file)).toBe(0);
});

test('spool writer refuses an existing file', async () => {
  const file = path.join(temp.dir, 'taken.part');
  await writeFile(file, 'earlier');
  const writer = new SpoolWriter(file, 1024);

  await expect(pipeline(Readable.from([Buffer.from('later')]), writer)).rejects.toMatchObject({
    code: 'EEXIST',
  });
  expect(await readFile(file, 'utf8')).toBe('earlier');
});

test('spool writer stops at the size cap', async () => {
  const file = path.join(temp.dir, 'big.part');
  const cap = WRITE_BATCH_BYTES * 2 + 100;
  const writer = new SpoolWriter(file, cap);
  const content = randomBytes(cap + 1);

  const outcome = pipeline(Readable.from(unevenChunks(content)), writer);

  await expect(outcome).rejects.toBeInstanceOf(RelayTooLargeError);
  expect(writer.bytes).toBeLessThanOrEqual(cap);
  expect((await stat(file)).size).toBeLessThanOrEqual(cap);
  await closed(writer);
  expect(await descriptorsOpenOn(file)).toBe(0);
});

test('spool writer fails on a throwing listener', async () => {
  const file = path.join(temp.dir, 'listener.part');
  const writer = new SpoolWriter(file, 1024, () => {
    throw new Error('listener broke');
  });

  await expect(pipeline(Readable.from([Buffer.from('bytes')]), writer)).rejects.toThrow('listener broke');
  await closed(writer);
  expect(await descriptorsOpenOn(file)).toBe(0);
});

test('spool writer closes its file when destroyed', async () => {
  const file = path.join(temp.dir, 'cancelled.part');
  const writer = new SpoolWriter(file, WRITE_BATCH_BYTES * 8);
  const source = new Readable({ read: () => undefined });
  const outcome = pipeline(source, writer);

  for (let batch = 0; batch < 3; batch += 1) source.push(randomBytes(WRITE_BATCH_BYTES));
  await new Promise((resolve) => setTimeout(resolve, 50));
  source.destroy(new Error('cancelled by the user'));

  await expect(outcome).rejects.toThrow('cancelled by the user');
  await closed(writer);
  expect(await descriptorsOpenOn(file)).toBe(0);
  // The batches written before the cancellation reached the file, nothing after it.
  expect((await stat(file)).size % WRITE_BATCH_BYTES).toBe(0);
});
