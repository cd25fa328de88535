/**
 * The host client's one error hierarchy. Every error carries a stable `code`, the endpoint
 * (never the URL, which contains the user's key), the envelope and HTTP statuses when known, the
 * host's own `msg`, and a `userMessage` written for a Discord user.
 */

/** The host API's endpoints, named by their path under the API URL; `upload` covers every upload step. */
export type HostEndpoint =
  'account/info' | 'file/info' | 'file/listfolder' | 'file/converts' | 'file/getsplash' | 'upload';

export type HostErrorCode =
  | 'HOST_BAD_REQUEST'
  | 'HOST_PERMISSION_DENIED'
  | 'HOST_NOT_FOUND'
  | 'HOST_UNAVAILABLE_FOR_LEGAL_REASONS'
  | 'HOST_SERVER_ERROR'
  | 'HOST_RATE_LIMITED'
  | 'HOST_UNAVAILABLE'
  | 'HOST_INVALID_RESPONSE'
  | 'HOST_INVALID_INPUT'
  | 'HOST_ABORTED';

/** Fields every host error is built from. `message` and every string here must already be redacted. */
export interface HostErrorInit {
  endpoint: HostEndpoint;
  message: string;
  userMessage: string;
  envelopeStatus?: number | null;
  httpStatus?: number | null;
  hostMessage?: string | null;
  /** A short, redacted excerpt of a body that was not a JSON envelope. */
  bodyExcerpt?: string | null;
  /** A sanitized copy of the underlying error (see `safe-cause.ts`), never the original. */
  cause?: Error;
}

export abstract class HostError extends Error {
  abstract readonly code: HostErrorCode;
  readonly endpoint: HostEndpoint;
  /** The `status` the host sent: the envelope's, or for one ID of `file/info`, that file's own. */
  readonly envelopeStatus: number | null;
  readonly httpStatus: number | null;
  readonly hostMessage: string | null;
  readonly userMessage: string;
  readonly bodyExcerpt: string | null;

  constructor(init: HostErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.endpoint = init.endpoint;
    this.envelopeStatus = init.envelopeStatus ?? null;
    this.httpStatus = init.httpStatus ?? null;
    this.hostMessage = init.hostMessage ?? null;
    this.userMessage = init.userMessage;
    this.bodyExcerpt = init.bodyExcerpt ?? null;
  }

  /** Whether the same request may succeed later: the host was down, overloaded or rate-limiting. */
  get retryable(): boolean {
    return (
      this.code === 'HOST_SERVER_ERROR' ||
      this.code === 'HOST_RATE_LIMITED' ||
      this.code === 'HOST_UNAVAILABLE'
    );
  }
}

/** Envelope status 400: wrong parameters, or an upload the host rejected (a SHA-1 mismatch, for one). */
export class HostBadRequestError extends HostError {
  readonly code = 'HOST_BAD_REQUEST';
  override readonly name = 'HostBadRequestError';
}

/** Envelope status 403: a wrong API login or key, or a file of another account. */
export class HostPermissionError extends HostError {
  readonly code = 'HOST_PERMISSION_DENIED';
  override readonly name = 'HostPermissionError';
}

/** Not found, as an envelope 404, a per-file 404, or an ID missing from the result. */
export class HostNotFoundError extends HostError {
  readonly code = 'HOST_NOT_FOUND';
  override readonly name = 'HostNotFoundError';
}

/** Envelope status 451. */
export class HostLegalError extends HostError {
  readonly code = 'HOST_UNAVAILABLE_FOR_LEGAL_REASONS';
  override readonly name = 'HostLegalError';
}

/** An envelope status of 500 to 599: the host responded and reported a failure. */
export class HostServerError extends HostError {
  readonly code = 'HOST_SERVER_ERROR';
  override readonly name = 'HostServerError';
}

/** HTTP or envelope status 429, still refused after the allowed retries. */
export class HostRateLimitError extends HostError {
  readonly code = 'HOST_RATE_LIMITED';
  override readonly name = 'HostRateLimitError';

  /** The wait the host asked for in `Retry-After`, in milliseconds, or null when it named none. */
  readonly retryAfterMs: number | null;

  constructor(init: HostErrorInit & { retryAfterMs: number | null }) {
    super(init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** No JSON response: connection failure, timeout, or a non-JSON page (an HTML 502, for one). */
export class HostUnavailableError extends HostError {
  readonly code = 'HOST_UNAVAILABLE';
  override readonly name = 'HostUnavailableError';
}

/** A 2xx response that is not JSON, or a result that does not match the endpoint's schema. */
export class HostInvalidResponseError extends HostError {
  readonly code = 'HOST_INVALID_RESPONSE';
  override readonly name = 'HostInvalidResponseError';

  /** The failing field, e.g. `result.FXR1I5PIK1.views_count`, or null when the body was not JSON. */
  readonly path: string | null;

  constructor(init: HostErrorInit & { path: string | null }) {
    super(init);
    this.path = init.path;
  }
}

/** An argument rejected before any request was sent. */
export class HostInvalidInputError extends HostError {
  readonly code = 'HOST_INVALID_INPUT';
  override readonly name = 'HostInvalidInputError';

  /** The argument that failed, e.g. `ids[3]` or `index`. */
  readonly field: string;

  constructor(init: HostErrorInit & { field: string }) {
    super(init);
    this.field = init.field;
  }
}

/** The caller's `AbortSignal` fired. Named `AbortError` like the platform's own abort errors. */
export class HostAbortError extends HostError {
  readonly code = 'HOST_ABORTED';
  override readonly name = 'AbortError';
}

/** Narrows an unknown thrown value to a host error. */
export function isHostError(error: unknown): error is HostError {
  return error instanceof HostError;
}
