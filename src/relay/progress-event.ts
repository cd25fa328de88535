/**
 * Progress events of one relay, from waiting in the queue to the host's response. Every event
 * carries `bytes` and `total` so a listener can draw a bar without looking at the phase.
 */

export type RelayPhase = 'queued' | 'downloading' | 'uploading' | 'retrying' | 'done';

/** Waiting for a free relay slot; the relay queue reports it, not `relayAttachment`. */
export interface QueuedEvent {
  phase: 'queued';
  bytes: 0;
  /** The attachment's declared size in bytes, or null when unknown. */
  total: number | null;
  /** 1 for the next job to start; see `RelayQueue` for how it is counted. */
  position: number;
}

export interface DownloadingEvent {
  phase: 'downloading';
  /** Bytes received from the CDN so far. */
  bytes: number;
  /** The CDN's Content-Length, else the declared size, else null. */
  total: number | null;
}

export interface UploadingEvent {
  phase: 'uploading';
  /** Bytes of this attempt handed to the socket so far; starts again at 0 on each attempt. */
  bytes: number;
  total: number;
  /** 1-based number of this attempt. */
  attempt: number;
  maxAttempts: number;
}

/** An upload attempt failed with a retryable error; the next one starts after `delayMs`. */
export interface RetryingEvent {
  phase: 'retrying';
  bytes: 0;
  total: number;
  /** The attempt that failed. */
  attempt: number;
  maxAttempts: number;
  delayMs: number;
  /** The host error's code, e.g. `HOST_SERVER_ERROR`. */
  errorCode: string;
}

export interface DoneEvent {
  phase: 'done';
  bytes: number;
  total: number;
  fileId: string;
  link: string | null;
}

export type RelayProgressEvent = QueuedEvent | DownloadingEvent | UploadingEvent | RetryingEvent | DoneEvent;
