/**
 * Reads a video's width and height from an MP4 (ISO base media) file: the
 * `tkhd` box of the video track inside `moov`. Reads only box headers and the
 * `moov` box, wherever it is (after the media data too), so a large upload is
 * never loaded whole. Box sizes may be 32-bit, 64-bit (`size` 1 followed by a
 * 64-bit size) or 0 (the box runs to the end of its parent).
 */
import { open, type FileHandle } from 'node:fs/promises';

export interface VideoSize {
  /** Pixels, rounded from the 16.16 fixed-point value of the track header. */
  width: number;
  height: number;
}

interface BoxHeader {
  type: string;
  /** Bytes of the header: 8, or 16 with a 64-bit size. */
  headerSize: number;
  /** Bytes of the whole box, header included. */
  size: number;
}

interface Box {
  type: string;
  payloadStart: number;
  end: number;
}

// A `moov` box describes every sample of every track, so it grows with the
// duration; 64 MiB is far above what an upload in tests or benchmarks has.
const MAX_MOOV_BYTES = 64 * 1024 * 1024;

/** Decodes the header at `at`; `limit` is where the parent ends. Returns undefined for a truncated or impossible box. */
function parseBoxHeader(bytes: Buffer, at: number, limit: number): BoxHeader | undefined {
  if (limit - at < 8 || bytes.length - at < 8) {
    return undefined;
  }

  const size32 = bytes.readUInt32BE(at);
  const type = bytes.toString('latin1', at + 4, at + 8);
  let headerSize = 8;
  let size = size32;

  if (size32 === 1) {
    if (limit - at < 16 || bytes.length - at < 16) {
      return undefined;
    }
    const size64 = bytes.readBigUInt64BE(at + 8);
    if (size64 > BigInt(Number.MAX_SAFE_INTEGER)) {
      return undefined;
    }
    headerSize = 16;
    size = Number(size64);
  } else if (size32 === 0) {
    size = limit - at;
  }

  if (size < headerSize || at + size > limit) {
    return undefined;
  }
  return { type, headerSize, size };
}

/** Lists the boxes between `start` and `end` of `bytes`, stopping at the first malformed one. */
function childBoxes(bytes: Buffer, start: number, end: number): Box[] {
  const boxes: Box[] = [];
  let at = start;

  while (at < end) {
    const header = parseBoxHeader(bytes, at, end);
    if (header === undefined) {
      break;
    }
    boxes.push({ type: header.type, payloadStart: at + header.headerSize, end: at + header.size });
    at += header.size;
  }

  return boxes;
}

function findChild(bytes: Buffer, parent: Box, type: string): Box | undefined {
  return childBoxes(bytes, parent.payloadStart, parent.end).find((box) => box.type === type);
}

/** Reads width and height from a `tkhd` payload, version 0 (32-bit times) or 1 (64-bit times). */
function trackHeaderSize(bytes: Buffer, tkhd: Box): VideoSize | undefined {
  const version = bytes[tkhd.payloadStart];
  // After version and flags: times, track ID, duration, reserved, layer, group, volume and a 36-byte matrix.
  const widthOffset = tkhd.payloadStart + (version === 1 ? 88 : 76);
  if (widthOffset + 8 > tkhd.end) {
    return undefined;
  }

  return {
    width: Math.round(bytes.readUInt32BE(widthOffset) / 65536),
    height: Math.round(bytes.readUInt32BE(widthOffset + 4) / 65536),
  };
}

/** Returns the `hdlr` handler type of a track (`vide`, `soun`, ...), or undefined when it has none. */
function trackHandler(bytes: Buffer, trak: Box): string | undefined {
  const mdia = findChild(bytes, trak, 'mdia');
  const hdlr = mdia === undefined ? undefined : findChild(bytes, mdia, 'hdlr');
  if (hdlr === undefined || hdlr.payloadStart + 12 > hdlr.end) {
    return undefined;
  }
  // Version and flags (4 bytes), pre_defined (4 bytes), then the handler type.
  return bytes.toString('latin1', hdlr.payloadStart + 8, hdlr.payloadStart + 12);
}

/**
 * Picks the video track of a `moov` payload: the track whose handler is
 * `vide`, or, when no track names a handler, the first track with a size.
 */
export function videoSizeFromMoov(moov: Buffer): VideoSize | undefined {
  const tracks = childBoxes(moov, 0, moov.length).filter((box) => box.type === 'trak');
  const sized = tracks.flatMap((trak) => {
    const tkhd = findChild(moov, trak, 'tkhd');
    const size = tkhd === undefined ? undefined : trackHeaderSize(moov, tkhd);
    return size === undefined ? [] : [{ size, handler: trackHandler(moov, trak) }];
  });

  const video = sized.find((track) => track.handler === 'vide');
  if (video !== undefined) {
    return video.size.width > 0 && video.size.height > 0 ? video.size : undefined;
  }

  if (sized.some((track) => track.handler !== undefined)) {
    return undefined;
  }
  return sized.find((track) => track.size.width > 0 && track.size.height > 0)?.size;
}

async function readBytes(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** Lists the top-level boxes of the file by reading only their headers. */
async function topLevelBoxes(handle: FileHandle, fileSize: number): Promise<Box[]> {
  const boxes: Box[] = [];
  let at = 0;

  while (at < fileSize) {
    const remaining = fileSize - at;
    const header = parseBoxHeader(await readBytes(handle, at, Math.min(16, remaining)), 0, remaining);
    if (header === undefined) {
      break;
    }
    boxes.push({ type: header.type, payloadStart: at + header.headerSize, end: at + header.size });
    at += header.size;
  }

  return boxes;
}

/**
 * Returns the video size of the MP4 file at `path`, or null when it is not a
 * video to the fake host: no top-level `ftyp` box, no `moov`, or no video
 * track with a size.
 */
export async function readVideoSize(path: string): Promise<VideoSize | null> {
  const handle = await open(path, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const boxes = await topLevelBoxes(handle, fileSize);
    const moov = boxes.find((box) => box.type === 'moov');
    if (!boxes.some((box) => box.type === 'ftyp') || moov === undefined) {
      return null;
    }

    const moovLength = moov.end - moov.payloadStart;
    if (moovLength > MAX_MOOV_BYTES) {
      return null;
    }
    const payload = await readBytes(handle, moov.payloadStart, moovLength);
    return videoSizeFromMoov(payload) ?? null;
  } finally {
    await handle.close();
  }
}
