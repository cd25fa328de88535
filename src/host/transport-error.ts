import {
  HostAbortError,
  HostError,
  HostInvalidResponseError,
  HostUnavailableError,
  type HostEndpoint,
} from './errors.js';
import { errorCode, safeCause } from './safe-cause.js';
import { userMessages } from './user-messages.js';

/** The dispatcher's timeouts, in milliseconds, named in timeout messages. */
export interface Timeouts {
  connectMs: number;
  headersMs: number;
  bodyMs: number;
}

export interface TransportContext {
  endpoint: HostEndpoint;
  secrets: readonly string[];
  timeouts: Timeouts;
  signal?: AbortSignal;
}

/**
 * Turns whatever a request threw before a response was read into a host error: the caller's
 * abort, a timeout or a connection failure (host unavailable), or a response over the size
 * limit (invalid response). A host error thrown by the request body (a file that shrank while
 * it was read) passes through unchanged.
 */
export function transportError(error: unknown, context: TransportContext): HostError {
  if (error instanceof HostError) return error;

  const { endpoint, secrets } = context;
  const cause = safeCause(error, secrets);

  if (context.signal?.aborted === true) {
    return new HostAbortError({
      endpoint,
      message: `${endpoint}: aborted by the caller`,
      userMessage: userMessages.aborted,
      cause,
    });
  }

  const code = errorCode(error);
  if (code === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') {
    return new HostInvalidResponseError({
      endpoint,
      message: `${endpoint}: invalid response: the body is larger than the client accepts`,
      userMessage: userMessages.invalidResponse,
      path: null,
      cause,
    });
  }

  return new HostUnavailableError({
    endpoint,
    message: `${endpoint}: host unavailable: ${describeFailure(code, cause.message, context.timeouts)}`,
    userMessage: userMessages.unavailable,
    cause,
  });
}

function describeFailure(code: string | null, message: string, timeouts: Timeouts): string {
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return `no connection within ${timeouts.connectMs} ms (${code})`;
    case 'UND_ERR_HEADERS_TIMEOUT':
      return `no response headers within ${timeouts.headersMs} ms after the request was sent (${code})`;
    case 'UND_ERR_BODY_TIMEOUT':
      return `the response body stalled for ${timeouts.bodyMs} ms (${code})`;
    default:
      return `connection failed: ${message}${code === null ? '' : ` (${code})`}`;
  }
}
