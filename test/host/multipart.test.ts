import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import busboy from 'busboy';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { HostInvalidInputError } from '../../src/host/errors.js';
import { multipartBody } from '../../src/host/multipart.js';
import { postHeadersTimeout } from '../../src/host/post-headers-timeout.js';
import { makeTempDir } from '../support/temp-dir.js';

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let filePath: string;
const content = Buffer.from('0123456789'.repeat(100_000));

beforeAll(async () => {
  temp = await makeTempDir('host-multipart');
  filePath = path.join(temp.dir, 'clip.bin');
  await writeFile(filePath, content);
});

afterAll(async () => {
  await temp.remove();
});

async function collect(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Parses a multipart body with busboy and returns its one file part. */
async function parse(
  contentType: string,
  bytes: Buffer,
): Promise<{ field: string; name: string; type: string; data: Buffer }> {
  return new Promise((resolve, reject) => {
    const parser = busboy({ headers: { 'content-type': contentType } });
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () =>
        resolve({ field, name: info.filename ?? '', type: info.mimeType, data: Buffer.concat(chunks) }),
      );
    });
    parser.on('error', reject);
    parser.end(bytes);
  });
}

test('body parses with the exact length', async () => {
  const progress: number[] = [];
  const multipart = multipartBody(
    {
      field: 'file',
      path: filePath,
      fileName: 'clip "one".mp4',
      size: content.length,
      contentType: 'video/mp4',
    },
    { onProgress: (sent, total) => progress.push(total === content.length ? sent : -1) },
  );

  const bytes = await collect(multipart.body);
  const part = await parse(multipart.contentType, bytes);

  expect(bytes.length).toBe(multipart.contentLength);
  expect({ ...part, data: undefined }).toEqual({
    field: 'file',
    name: 'clip %22one%22.mp4',
    type: 'video/mp4',
  });
  // Buffer.equals, because a deep comparison of a megabyte takes seconds.
  expect(part.data.equals(content)).toBe(true);
  expect(progress.at(-1)).toBe(content.length);
  expect(progress.length).toBe(Math.ceil(content.length / (256 * 1024)));
});

test('file shorter than its size fails', async () => {
  const multipart = multipartBody({
    field: 'file',
    path: filePath,
    fileName: 'clip.mp4',
    size: content.length + 10,
    contentType: 'video/mp4',
  });

  const error = await collect(multipart.body).catch((caught: unknown) => caught);

  expect(error).toBeInstanceOf(HostInvalidInputError);
  expect((error as HostInvalidInputError).message).toBe(
    'upload: the file had 1000000 bytes when read, not the 1000010 given',
  );
});

test('file longer than its size is cut at the size', async () => {
  const multipart = multipartBody({
    field: 'file',
    path: filePath,
    fileName: 'a',
    size: 5,
    contentType: 'video/mp4',
  });

  const bytes = await collect(multipart.body);

  expect(bytes.length).toBe(multipart.contentLength);
  expect((await parse(multipart.contentType, bytes)).data.toString()).toBe('01234');
});

test('post headers timeout allows for bytes in flight', () => {
  expect(postHeadersTimeout(30_000, 0)).toBe(30_000);
  expect(postHeadersTimeout(30_000, 128 * 1024)).toBe(31_000);
  expect(postHeadersTimeout(30_000, 1024 * 1024 * 1024)).toBe(30_000 + 128_000);
});
