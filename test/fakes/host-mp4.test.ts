import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readVideoSize } from './host/mp4.js';
import { fixturePath } from './host-test-helpers.js';

/** Builds a box with a 32-bit size. */
function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

/** Builds a box whose size is in the 64-bit field that follows `size` 1. */
function box64(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(16);
  header.writeUInt32BE(1, 0);
  header.write(type, 4, 'latin1');
  header.writeBigUInt64BE(BigInt(16 + body.length), 8);
  return Buffer.concat([header, body]);
}

/** Builds a track header with width and height in 16.16 fixed point. */
function tkhd(version: 0 | 1, width: number, height: number): Buffer {
  const times = version === 1 ? 32 : 20;
  const payload = Buffer.alloc(4 + times + 52 + 8);
  payload[0] = version;
  payload.writeUInt32BE(Math.round(width * 65536), 4 + times + 52);
  payload.writeUInt32BE(Math.round(height * 65536), 4 + times + 56);
  return box('tkhd', payload);
}

function hdlr(handler: string): Buffer {
  const payload = Buffer.alloc(25);
  payload.write(handler, 8, 'latin1');
  return box('hdlr', payload);
}

function trak(size: [number, number], handler?: string, version: 0 | 1 = 0): Buffer {
  const media = handler === undefined ? [] : [box('mdia', hdlr(handler))];
  return box('trak', tkhd(version, size[0], size[1]), ...media);
}

const ftyp = box('ftyp', Buffer.from('isom\0\0\x02\0isomiso2avc1mp41', 'latin1'));
const mdat = box('mdat', Buffer.alloc(4096, 7));

let dir: string;
let counter = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fake-host-mp4-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function sizeOf(...boxes: Buffer[]): Promise<Awaited<ReturnType<typeof readVideoSize>>> {
  counter += 1;
  const path = join(dir, `case-${counter}.mp4`);
  await writeFile(path, Buffer.concat(boxes));
  return readVideoSize(path);
}

describe('readVideoSize', () => {
  it('reads the faststart fixture', async () => {
    expect(await readVideoSize(fixturePath('testsrc-640x360.mp4'))).toEqual({ width: 640, height: 360 });
  });

  it('reads the fixture with moov last and audio first', async () => {
    expect(await readVideoSize(fixturePath('testsrc-320x180-audio-first-moov-last.mp4'))).toEqual({
      width: 320,
      height: 180,
    });
  });

  it('skips a 64-bit mdat before moov', async () => {
    const moov = box('moov', trak([0, 0], 'soun'), trak([1920, 1080], 'vide', 1));

    expect(await sizeOf(ftyp, box64('mdat', Buffer.alloc(10_000)), moov)).toEqual({
      width: 1920,
      height: 1080,
    });
  });

  it('reads a moov with a 64-bit size', async () => {
    expect(await sizeOf(ftyp, box64('moov', trak([1280, 720], 'vide')), mdat)).toEqual({
      width: 1280,
      height: 720,
    });
  });

  it('accepts a last box of size 0', async () => {
    const openEnded = Buffer.from(mdat);
    openEnded.writeUInt32BE(0, 0);

    expect(await sizeOf(ftyp, box('moov', trak([854, 480], 'vide')), openEnded)).toEqual({
      width: 854,
      height: 480,
    });
  });

  it('rounds 16.16 fixed-point sizes', async () => {
    expect(await sizeOf(ftyp, box('moov', trak([639.75, 359.25], 'vide')))).toEqual({
      width: 640,
      height: 359,
    });
  });

  it('uses the first sized track when no track names a handler', async () => {
    expect(await sizeOf(ftyp, box('moov', trak([0, 0]), trak([426, 240]), trak([640, 360])))).toEqual({
      width: 426,
      height: 240,
    });
  });

  it('returns null without ftyp', async () => {
    expect(await sizeOf(box('moov', trak([640, 360], 'vide')), mdat)).toBeNull();
  });

  it('returns null without moov', async () => {
    expect(await sizeOf(ftyp, mdat)).toBeNull();
  });

  it('returns null for audio only', async () => {
    expect(await sizeOf(ftyp, box('moov', trak([0, 0], 'soun')))).toBeNull();
  });

  it('returns null for a moov cut short', async () => {
    const moov = box('moov', trak([640, 360], 'vide'));

    expect(await sizeOf(ftyp, mdat, moov.subarray(0, moov.length - 20))).toBeNull();
  });

  it('returns null for a file of text', async () => {
    expect(await sizeOf(Buffer.from('just some text, not a video at all'))).toBeNull();
  });
});
