/**
 * Downloads one attachment from an allowed CDN to a file, streamed with backpressure, while
 * counting bytes and computing SHA-1. Memory use stays at a few chunks whatever the file size.
 */
import { pipeline } from 'node:stream/promises';

import { Agent, request, type Dispatcher } from 'undici';

import { errorCode } from '../host/safe-cause.js';
import {
  RelayDownloadFailedError,
  RelayError,
  RelaySourceExpiredError,
  RelayTooLargeError,
  cancellationFrom,
} from './errors.js';
import { removeSpoolFile } from './spool.js';
import { SpoolWriter } from './spool-writer.js';
import { allowedSourceUrl, describeUrl, type SourcePolicy } from './source-url.js';

/** Redirects followed before giving up; Discord's CDN sends none for a valid attachment URL. */
const MAX_REDIRECTS = 3;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Statuses Discord's CDN gives an attachment whose signed URL expired or whose message is gone. */
const GONE_STATUSES = new Set([403, 404, 410]);

export interface DownloadTimeouts {
  /** Milliseconds to open the TCP and TLS connection. */
  connectMs: number;
  /** Milliseconds from sending the request to receiving the response headers. */
  headersMs: number;
  /** Milliseconds allowed between two chunks of the body, not for the whole body. */
  bodyMs: number;
}

export interface AttachmentDownloaderOptions extends Partial<SourcePolicy> {
  allowedHosts: readonly string[];
  /** The size cap in bytes; a download stops as soon as it passes it. */
  maxBytes: number;
  timeouts?: DownloadTimeouts;
  /** An undici dispatcher to send requests through; by default the downloader makes and owns one. */
  dispatcher?: Dispatcher;
}

export interface DownloadRequest {
  url: string;
  /** The file to create; it must not exist yet. It is deleted again when the download fails. */
  file: string;
  /** The size Discord reported for the attachment, checked against the cap before any request. */
  declaredSize?: number | null;
  signal?: AbortSignal;
  /** Called per received chunk; `total` is the Content-Length, else the declared size, else null. */
  onProgress?: (bytes: number, total: number | null) => void;
}

export interface DownloadResult {
  file: string;
  size: number;
  /** 40 lower-case hex digits. */
  sha1: string;
  /** The CDN's Content-Type, or null when it sent none. */
  contentType: string | null;
}

const DEFAULT_TIMEOUTS: DownloadTimeouts = { connectMs: 10_000, headersMs: 30_000, bodyMs: 60_000 };

export class AttachmentDownloader {
  readonly maxBytes: number;
  readonly #policy: SourcePolicy;
  readonly #timeouts: DownloadTimeouts;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;

  constructor(options: AttachmentDownloaderOptions) {
    this.maxBytes = options.maxBytes;
    this.#policy = { allowedHosts: options.allowedHosts, allowHttp: options.allowHttp ?? false };
    this.#timeouts = options.timeouts ?? DEFAULT_TIMEOUTS;
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher =
      options.dispatcher ??
      new Agent({
        connect: { timeout: this.#timeouts.connectMs },
        headersTimeout: this.#timeouts.headersMs,
        bodyTimeout: this.#timeouts.bodyMs,
      });
  }

  /**
   * Downloads `url` into `file`. Throws `RelaySourceNotAllowedError` for a URL or redirect outside
   * the allow-list, `RelayTooLargeError` for a declared or received size over the cap,
   * `RelaySourceExpiredError` for 403, 404 and 410, `RelayCancelledError` when `signal` fires, and
   * `RelayDownloadFailedError` for anything else. No partial file is left behind.
   */
  async download(input: DownloadRequest): Promise<DownloadResult> {
    const url = allowedSourceUrl(input.url, this.#policy);
    const declaredSize = input.declaredSize ?? null;

    if (declaredSize !== null && declaredSize > this.maxBytes) {
      throw new RelayTooLargeError(declaredSize, this.maxBytes);
    }

    try {
      return await this.#fetchToFile(url, input);
    } catch (error) {
      await removeSpoolFile(input.file);
      throw this.#relayErrorFrom(error, url, input.signal);
    }
  }

  /** Closes the dispatcher if the downloader made it; a dispatcher passed in stays open. */
  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  async #fetchToFile(url: URL, input: DownloadRequest): Promise<DownloadResult> {
    const { response, finalUrl } = await this.#openFollowingRedirects(url, input.signal);
    const where = describeUrl(finalUrl);

    await rejectUnlessOk(response, where);

    const contentLength = parseContentLength(response.headers['content-length']);

    if (contentLength !== null && contentLength > this.maxBytes) {
      response.body.destroy();
      throw new RelayTooLargeError(contentLength, this.maxBytes);
    }

    const total = contentLength ?? input.declaredSize ?? null;
    const spool = new SpoolWriter(input.file, this.maxBytes, (bytes) => input.onProgress?.(bytes, total));

    await pipeline(response.body, spool);

    if (contentLength !== null && spool.bytes !== contentLength) {
      throw new RelayDownloadFailedError(
        `Download of ${where} ended after ${spool.bytes} of ${contentLength} bytes`,
        response.statusCode,
      );
    }

    return {
      file: input.file,
      size: spool.bytes,
      sha1: spool.sha1(),
      contentType: headerValue(response.headers['content-type']),
    };
  }

  /** Sends the GET and follows up to three redirects, each checked against the allow-list first. */
  async #openFollowingRedirects(
    url: URL,
    signal: AbortSignal | undefined,
  ): Promise<{ response: Dispatcher.ResponseData; finalUrl: URL }> {
    let current = url;

    for (let hops = 0; ; hops += 1) {
      const response = await request(current, {
        method: 'GET',
        dispatcher: this.#dispatcher,
        signal,
        headersTimeout: this.#timeouts.headersMs,
        bodyTimeout: this.#timeouts.bodyMs,
      });

      if (!REDIRECT_STATUSES.has(response.statusCode)) {
        return { response, finalUrl: current };
      }

      await response.body.dump();
      const location = headerValue(response.headers.location);

      if (location === null) {
        throw new RelayDownloadFailedError(
          `Redirect from ${describeUrl(current)} has no Location`,
          response.statusCode,
        );
      }

      if (hops === MAX_REDIRECTS) {
        throw new RelayDownloadFailedError(
          `More than ${MAX_REDIRECTS} redirects from ${describeUrl(url)}`,
          response.statusCode,
        );
      }

      current = allowedSourceUrl(location, this.#policy, current);
    }
  }

  #relayErrorFrom(error: unknown, url: URL, signal: AbortSignal | undefined): RelayError {
    // Checked first: an abort surfaces from undici or the pipeline as one of several error types.
    if (signal?.aborted === true) return cancellationFrom(signal);

    if (error instanceof RelayError) return error;

    const code = errorCode(error) ?? (error instanceof Error ? error.name : 'unknown error');
    return new RelayDownloadFailedError(`Download of ${describeUrl(url)} failed: ${code}`, null, {
      cause: error,
    });
  }
}

async function rejectUnlessOk(response: Dispatcher.ResponseData, where: string): Promise<void> {
  if (response.statusCode === 200) return;

  await response.body.dump();

  if (GONE_STATUSES.has(response.statusCode)) {
    throw new RelaySourceExpiredError(response.statusCode, where);
  }

  throw new RelayDownloadFailedError(
    `Download of ${where} returned HTTP ${response.statusCode}`,
    response.statusCode,
  );
}

function headerValue(value: string | string[] | undefined): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  return first === undefined || first === '' ? null : first;
}

function parseContentLength(value: string | string[] | undefined): number | null {
  const text = headerValue(value);

  if (text === null || !/^\d+$/.test(text)) return null;

  return Number(text);
}
