/**
 * The relay's errors. Each carries a stable `code` and a `userMessage` written for a Discord
 * user; `message` is for logs. No message contains an attachment URL's query string, because
 * Discord's signed `ex`/`is`/`hm` parameters grant access to the attachment until they expire.
 */
import type { HostErrorCode } from '../host/errors.js';

import { formatBytes } from './format-bytes.js';

export type RelayErrorCode =
  | 'RELAY_TOO_LARGE'
  | 'RELAY_SOURCE_EXPIRED'
  | 'RELAY_SOURCE_NOT_ALLOWED'
  | 'RELAY_DOWNLOAD_FAILED'
  | 'RELAY_CANCELLED'
  | 'RELAY_UPLOAD_FAILED';

export abstract class RelayError extends Error {
  abstract readonly code: RelayErrorCode;
  readonly userMessage: string;

  constructor(message: string, userMessage: string, options?: ErrorOptions) {
    super(message, options);
    this.userMessage = userMessage;
  }
}

/** The attachment is larger than the cap, by its declared size or by the bytes received. */
export class RelayTooLargeError extends RelayError {
  readonly code = 'RELAY_TOO_LARGE';
  override readonly name = 'RelayTooLargeError';

  /** The declared size in bytes, or null when the download passed the cap before any size was known. */
  readonly size: number | null;
  readonly maxBytes: number;

  constructor(size: number | null, maxBytes: number) {
    super(
      size === null
        ? `Download passed the cap of ${maxBytes} bytes`
        : `Declared size ${size} bytes exceeds the cap of ${maxBytes} bytes`,
      tooLargeMessage(size, maxBytes),
    );
    this.size = size;
    this.maxBytes = maxBytes;
  }
}

function tooLargeMessage(size: number | null, maxBytes: number): string {
  const cap = formatBytes(maxBytes);

  // Just over the cap, both sizes round to the same text, and "1 GB; up to 1 GB" would read as a bug.
  if (size === null || formatBytes(size) === cap) {
    return `The file is larger than ${cap}, the maximum this bot relays.`;
  }

  return `The file is ${formatBytes(size)}; this bot relays files up to ${cap}.`;
}

/** The CDN no longer serves the attachment: its signed URL expired or the message was deleted. */
export class RelaySourceExpiredError extends RelayError {
  readonly code = 'RELAY_SOURCE_EXPIRED';
  override readonly name = 'RelaySourceExpiredError';
  readonly httpStatus: number;

  constructor(httpStatus: number, where: string) {
    super(
      `Attachment URL ${where} returned HTTP ${httpStatus}`,
      'Discord no longer serves this attachment (its link expired or the message was deleted). ' +
        'Run the command again on the message, or upload the file again.',
    );
    this.httpStatus = httpStatus;
  }
}

/** The URL, or a redirect from it, points at a host or scheme that is not an allowed attachment CDN. */
export class RelaySourceNotAllowedError extends RelayError {
  readonly code = 'RELAY_SOURCE_NOT_ALLOWED';
  override readonly name = 'RelaySourceNotAllowedError';

  /** The rejected URL's scheme and host, e.g. `https://example.com`; never its path or query. */
  readonly origin: string;

  constructor(origin: string, reason: string) {
    super(
      `Attachment source ${origin} rejected: ${reason}`,
      "This bot relays only attachments stored on Discord's CDN.",
    );
    this.origin = origin;
  }
}

/** The download failed for another reason: a connection error, a timeout, an unexpected status. */
export class RelayDownloadFailedError extends RelayError {
  readonly code = 'RELAY_DOWNLOAD_FAILED';
  override readonly name = 'RelayDownloadFailedError';

  /** The CDN's HTTP status, or null when no response arrived. */
  readonly httpStatus: number | null;

  constructor(message: string, httpStatus: number | null, options?: ErrorOptions) {
    super(message, 'The bot could not download the attachment from Discord. Try again in a minute.', options);
    this.httpStatus = httpStatus;
  }
}

/** Why a relay stopped early: its owner cancelled it, or the bot is shutting down. */
export type CancelReason = 'user' | 'shutdown';

export class RelayCancelledError extends RelayError {
  readonly code = 'RELAY_CANCELLED';
  override readonly name = 'RelayCancelledError';
  readonly reason: CancelReason;

  constructor(reason: CancelReason = 'user') {
    super(
      reason === 'user' ? 'Relay cancelled by its owner' : 'Relay cancelled because the bot is shutting down',
      reason === 'user'
        ? 'The upload was cancelled.'
        : 'The upload was stopped because the bot is restarting. Try again in a minute.',
    );
    this.reason = reason;
  }
}

/** The host rejected the upload, or every allowed attempt failed. `cause` is the last host error. */
export class RelayUploadFailedError extends RelayError {
  readonly code = 'RELAY_UPLOAD_FAILED';
  override readonly name = 'RelayUploadFailedError';

  /** Upload attempts made, the failed last one included. */
  readonly attempts: number;

  /** The last host error's code, or null when the failure was not a host error. */
  readonly hostCode: HostErrorCode | null;

  constructor(init: {
    attempts: number;
    hostCode: HostErrorCode | null;
    userMessage: string;
    cause: unknown;
  }) {
    const plural = init.attempts === 1 ? 'attempt' : 'attempts';
    super(
      `Upload failed after ${init.attempts} ${plural} (${init.hostCode ?? 'not a host error'})`,
      init.userMessage,
      {
        cause: init.cause,
      },
    );
    this.attempts = init.attempts;
    this.hostCode = init.hostCode;
  }
}

/** Narrows an unknown thrown value to a relay error. */
export function isRelayError(error: unknown): error is RelayError {
  return error instanceof RelayError;
}

/**
 * Returns the error to throw once `signal` has fired. That is the signal's own reason when it is
 * a cancellation, because the relay queue aborts with one to keep "cancelled by user" apart from
 * "shutting down". Any other reason counts as a cancellation by the user.
 */
export function cancellationFrom(signal: AbortSignal): RelayCancelledError {
  return signal.reason instanceof RelayCancelledError ? signal.reason : new RelayCancelledError('user');
}

/** Throws the cancellation once `signal` has fired; does nothing without a signal. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw cancellationFrom(signal);
}
