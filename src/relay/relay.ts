/**
 * One relay: attachment URL -> spool file (with SHA-1) -> host upload, retried from the spool.
 * The spool file is deleted in every outcome.
 *
 * NOTE: the bytes, their SHA-1 and their stream callbacks go through the main thread, so with 20
 * relays running a slash command's deferral waits 20 to 45 ms (bench/p3-event-loop.ts). A worker
 * thread for this byte path would free the event loop only where spare cores exist: the SHA-1
 * alone on a worker gained nothing on 2 cores.
 */
import type { UploadInput, UploadResolution } from '../host/types.js';
import type { AttachmentDownloader, DownloadResult } from './download.js';
import type { RelayProgressEvent } from './progress-event.js';
import { withSpoolFile } from './spool.js';
import {
  DEFAULT_UPLOAD_RETRY,
  uploadWithRetry,
  type RelayUploadClient,
  type UploadRetryPolicy,
} from './upload-retry.js';

/** The attachment as Discord describes it. */
export interface RelaySource {
  /** The signed CDN URL; it expires, so relay it soon after receiving it. */
  url: string;
  /** The file name the host stores. */
  name: string;
  /** Discord's reported size in bytes, checked against the cap before downloading; null if unknown. */
  size: number | null;
  /** Discord's content type; the CDN's is used when null. */
  contentType: string | null;
}

export interface RelayAttachmentOptions {
  source: RelaySource;
  /** The host client, already bound to the requesting user's credentials. */
  client: RelayUploadClient;
  downloader: AttachmentDownloader;
  /** The spool folder, e.g. `spoolDirectory(config.dataDir)`. */
  spoolDir: string;
  /** The host folder to upload into (decimal digits); the account's root when absent. */
  folderId?: string;
  signal?: AbortSignal;
  /** Called synchronously from the download and upload streams, so it must return quickly and not throw. */
  onProgress?: (event: RelayProgressEvent) => void;
  retry?: UploadRetryPolicy;
  /** A number in [0, 1) for the retry jitter; tests pass a fixed one. */
  random?: () => number;
}

export interface RelayResult {
  fileId: string;
  link: string | null;
  /** Bytes relayed, as received from the CDN. */
  size: number;
  /** SHA-1 of the relayed bytes, 40 lower-case hex digits; the host checked it on upload. */
  sha1: string;
  /** Upload attempts made, 1 when the first succeeded. */
  attempts: number;
  resolvedBy: UploadResolution;
}

/**
 * Downloads `source` into a spool file and uploads it with `client`, passing its SHA-1 so the host
 * rejects a corrupted transfer. Throws a `RelayError`: too large, expired, not allowed, download
 * failed, cancelled or upload failed.
 */
export async function relayAttachment(options: RelayAttachmentOptions): Promise<RelayResult> {
  const { source } = options;
  const emit = options.onProgress ?? (() => undefined);

  return withSpoolFile(options.spoolDir, async (file) => {
    const downloaded = await options.downloader.download({
      url: source.url,
      file,
      declaredSize: source.size,
      signal: options.signal,
      onProgress: (bytes, total) => emit({ phase: 'downloading', bytes, total }),
    });

    const uploaded = await uploadFromSpool(options, downloaded, emit);

    const { fileId, link, resolvedBy } = uploaded.result;
    emit({ phase: 'done', bytes: downloaded.size, total: downloaded.size, fileId, link });

    return {
      fileId,
      link,
      size: downloaded.size,
      sha1: downloaded.sha1,
      attempts: uploaded.attempts,
      resolvedBy,
    };
  });
}

/** Uploads the spooled file with retries, turning attempts and retries into progress events. */
function uploadFromSpool(
  options: RelayAttachmentOptions,
  downloaded: DownloadResult,
  emit: (event: RelayProgressEvent) => void,
): ReturnType<typeof uploadWithRetry> {
  const retry = options.retry ?? DEFAULT_UPLOAD_RETRY;
  const total = downloaded.size;
  const maxAttempts = retry.attempts;
  let attempt = 0;

  const input: UploadInput = {
    path: downloaded.file,
    name: options.source.name,
    size: total,
    sha1: downloaded.sha1,
    folderId: options.folderId,
    contentType: options.source.contentType ?? downloaded.contentType ?? undefined,
    onProgress: (sentBytes) => emit({ phase: 'uploading', bytes: sentBytes, total, attempt, maxAttempts }),
  };

  return uploadWithRetry(options.client, input, retry, {
    signal: options.signal,
    random: options.random,
    onAttempt: (number) => {
      attempt = number;
      emit({ phase: 'uploading', bytes: 0, total, attempt, maxAttempts });
    },
    onRetry: (failed, delayMs, error) => {
      emit({
        phase: 'retrying',
        bytes: 0,
        total,
        attempt: failed,
        maxAttempts,
        delayMs,
        errorCode: error.code,
      });
    },
  });
}
