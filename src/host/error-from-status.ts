import {
  HostBadRequestError,
  HostInvalidResponseError,
  HostLegalError,
  HostNotFoundError,
  HostPermissionError,
  HostRateLimitError,
  HostServerError,
  type HostEndpoint,
  type HostError,
} from './errors.js';
import { userMessages } from './user-messages.js';

/** Facts about a refused request that its error reports. Strings must already be redacted. */
export interface StatusContext {
  endpoint: HostEndpoint;
  envelopeStatus: number | null;
  httpStatus: number | null;
  hostMessage: string | null;
  bodyExcerpt?: string | null;
  /** The file the status is about, for a per-file status or a single-file endpoint. */
  fileId?: string;
  /** Parsed from `Retry-After`, in milliseconds. */
  retryAfterMs?: number | null;
}

/**
 * Maps a non-200 status to its error class: the envelope `status` when the body was an envelope,
 * or a per-file `status` inside `file/info`, or the HTTP status of a 429 without an envelope.
 */
export function errorFromStatus(status: number, context: StatusContext): HostError {
  const init = {
    endpoint: context.endpoint,
    envelopeStatus: context.envelopeStatus,
    httpStatus: context.httpStatus,
    hostMessage: context.hostMessage,
    bodyExcerpt: context.bodyExcerpt ?? null,
    message: describeStatus(status, context),
  };

  if (status === 401 || status === 403) {
    const userMessage =
      context.endpoint === 'account/info'
        ? userMessages.loginRejected
        : context.endpoint === 'file/listfolder'
          ? userMessages.folderAccessDenied
          : userMessages.accessDenied;
    return new HostPermissionError({ ...init, userMessage });
  }

  if (status === 404) {
    const userMessage =
      context.fileId === undefined ? userMessages.notFound : userMessages.fileNotFound(context.fileId);
    return new HostNotFoundError({ ...init, userMessage });
  }

  if (status === 451) return new HostLegalError({ ...init, userMessage: userMessages.legal });

  if (status === 429) {
    return new HostRateLimitError({
      ...init,
      userMessage: userMessages.rateLimited,
      retryAfterMs: context.retryAfterMs ?? null,
    });
  }

  if (status >= 500 && status <= 599)
    return new HostServerError({ ...init, userMessage: userMessages.serverError });

  // 400 and the 4xx statuses the host does not document (405, 410, ...) all mean the host
  // refused this request as it was sent, so retrying it unchanged cannot help.
  if (status >= 400 && status <= 499) {
    return new HostBadRequestError({ ...init, userMessage: userMessages.badRequest(context.hostMessage) });
  }

  return new HostInvalidResponseError({
    ...init,
    message: `${describeStatus(status, context)}: not a status the host documents`,
    userMessage: userMessages.invalidResponse,
    path: null,
  });
}

function describeStatus(status: number, context: StatusContext): string {
  const source = context.envelopeStatus === null ? `HTTP status ${status}` : `status ${status}`;
  const file = context.fileId === undefined ? '' : ` for file ${context.fileId}`;
  const http =
    context.envelopeStatus !== null && context.httpStatus !== null ? ` (HTTP ${context.httpStatus})` : '';
  const detail = context.hostMessage ?? context.bodyExcerpt ?? null;

  return `${context.endpoint}: ${source}${file}${http}${detail === null ? '' : `: ${detail}`}`;
}
