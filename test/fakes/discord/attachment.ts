import { createHmac } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { extname } from 'node:path';
import { Readable } from 'node:stream';

import type { APIAttachment } from 'discord-api-types/v10';

import { generatedByteStream } from './generated-bytes.js';

/** Where an attachment's bytes come from: memory, a file (streamed), or generated on the fly. */
export type AttachmentSource =
  { bytes: Buffer } | { path: string } | { generatedSize: number; seed?: string };

export interface AttachmentOptions {
  filename: string;
  /** Defaults to a type guessed from the file extension, else application/octet-stream. */
  contentType?: string;
  /** The `size` Discord reports in payloads; defaults to the real byte count. */
  size?: number;
  /** How long each signed URL stays valid, in milliseconds; Discord's last about 24 hours. */
  expiresInMs?: number;
  /** Whether fetching the message again after expiry signs a fresh URL, as Discord does; default true. */
  resign?: boolean;
  /** Whether the CDN sends Content-Length; without it the body is sent chunked. Default true. */
  sendContentLength?: boolean;
  width?: number;
  height?: number;
  durationSecs?: number;
  description?: string;
}

export type AttachmentSpec = AttachmentOptions & AttachmentSource;

/** The CDN folder of an attachment: channel uploads, or the ephemeral uploads of slash command options. */
export type AttachmentFolder = 'attachments' | 'ephemeral-attachments';

interface Signature {
  ex: string;
  is: string;
  hm: string;
  expiresAt: number;
}

const DEFAULT_EXPIRY_MS = 24 * 60 * 60 * 1000;

const CONTENT_TYPES: Record<string, string> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/x-m4v',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.avi': 'video/x-msvideo',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
};

/** Guesses a content type from a file name's extension, as Discord does for uploads. */
export function guessContentType(filename: string): string {
  return CONTENT_TYPES[extname(filename).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * An attachment stored on the fake CDN. Its URLs carry Discord's signature parameters (`ex`,
 * `is`, `hm`) and stop working at their expiry. A later fetch of the message may sign a fresh URL.
 */
export class FakeAttachment {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  /** The size reported in payloads, which a test may set apart from the real byte count. */
  readonly size: number;
  /** The number of bytes the CDN actually sends. */
  readonly byteLength: number;
  readonly sendContentLength: boolean;
  readonly options: AttachmentOptions;
  folder: AttachmentFolder | undefined;
  parentId: string | undefined;
  readonly #source: AttachmentSource;
  readonly #secret: string;
  readonly #signatures: Signature[] = [];

  constructor(id: string, spec: AttachmentSpec, secret: string) {
    this.id = id;
    this.filename = spec.filename;
    this.contentType = spec.contentType ?? guessContentType(spec.filename);
    this.byteLength = sourceLength(spec);
    this.size = spec.size ?? this.byteLength;
    this.sendContentLength = spec.sendContentLength ?? true;
    this.options = spec;
    this.#source = spec;
    this.#secret = secret;
  }

  /** Places the attachment in a CDN folder; the first placement wins, as an upload has one URL path. */
  bind(folder: AttachmentFolder, parentId: string): void {
    if (this.folder !== undefined) {
      return;
    }

    this.folder = folder;
    this.parentId = parentId;
  }

  /** The URL path without the query, e.g. `/attachments/<channel>/<id>/<name>`. */
  get path(): string {
    if (this.folder === undefined || this.parentId === undefined) {
      throw new Error(`Attachment ${this.id} (${this.filename}) is not attached to a message or command yet`);
    }

    return `/${this.folder}/${this.parentId}/${this.id}/${encodeURIComponent(this.filename)}`;
  }

  /**
   * Returns the current signed URL. When the last signature has expired, a new one is signed if
   * the attachment allows re-signing; otherwise the expired URL is returned.
   */
  signedUrl(cdnOrigin: string, now: number = Date.now()): string {
    let signature = this.#signatures.at(-1);

    if (signature === undefined || (signature.expiresAt <= now && (this.options.resign ?? true))) {
      signature = this.#sign(now);
    }

    return `${cdnOrigin}${this.path}?ex=${signature.ex}&is=${signature.is}&hm=${signature.hm}&`;
  }

  /** Returns true when `hm` belongs to a signature of this attachment that has not expired. */
  isValidSignature(hm: string | null, now: number = Date.now()): boolean {
    return this.#signatures.some((signature) => signature.hm === hm && signature.expiresAt > now);
  }

  /** Ends every signed URL issued so far, as if their expiry had passed. */
  expireUrls(now: number = Date.now()): void {
    for (const signature of this.#signatures) {
      signature.expiresAt = Math.min(signature.expiresAt, now);
    }
  }

  /** Opens the attachment's bytes as a stream; files and generated bodies are never held in memory. */
  open(): Readable {
    if ('bytes' in this.#source) {
      return Readable.from([this.#source.bytes]);
    }

    if ('path' in this.#source) {
      return createReadStream(this.#source.path);
    }

    return generatedByteStream(this.#source.generatedSize, this.#source.seed ?? this.id);
  }

  toAPI(cdnOrigin: string, now: number = Date.now()): APIAttachment {
    const url = this.signedUrl(cdnOrigin, now);
    const attachment: APIAttachment = {
      id: this.id,
      filename: this.filename,
      size: this.size,
      url,
      // NOTE: Discord's proxy_url points at its media proxy host; the fake serves both from its CDN.
      proxy_url: url,
      content_type: this.contentType,
    };

    if (this.options.description !== undefined) attachment.description = this.options.description;
    if (this.options.width !== undefined) attachment.width = this.options.width;
    if (this.options.height !== undefined) attachment.height = this.options.height;
    if (this.options.durationSecs !== undefined) attachment.duration_secs = this.options.durationSecs;
    if (this.folder === 'ephemeral-attachments') attachment.ephemeral = true;

    return attachment;
  }

  #sign(now: number): Signature {
    const expiresAt = now + (this.options.expiresInMs ?? DEFAULT_EXPIRY_MS);
    const ex = Math.floor(expiresAt / 1000).toString(16);
    const is = Math.floor(now / 1000).toString(16);
    const hm = createHmac('sha256', this.#secret)
      .update(`${this.path}|${ex}|${is}|${this.#signatures.length}`)
      .digest('hex');
    const signature = { ex, is, hm, expiresAt };

    this.#signatures.push(signature);
    return signature;
  }
}

function sourceLength(source: AttachmentSource): number {
  if ('bytes' in source) {
    return source.bytes.length;
  }

  if ('path' in source) {
    return statSync(source.path).size;
  }

  return source.generatedSize;
}
