import { errorFromStatus } from './error-from-status.js';
import { HostInvalidResponseError, HostUnavailableError, type HostEndpoint } from './errors.js';
import { bodyExcerpt, cleanHostMessage } from './excerpt.js';
import { parseRetryAfter } from './retry.js';
import { envelopeSchema } from './schemas/envelope.js';
import { userMessages } from './user-messages.js';

/** A response read whole: API responses are small JSON documents. */
export interface HostResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface ResponseContext {
  endpoint: HostEndpoint;
  secrets: readonly string[];
  /** The file a single-file endpoint asked about, named in a not-found error. */
  fileId?: string;
}

/**
 * Returns the envelope's `result` when its `status` is 200, or throws the error the response
 * means. The envelope decides whenever the body parses as one, whatever the HTTP status.
 * Otherwise the HTTP status and a short, redacted excerpt of the body make the error.
 */
export function resultOf(response: HostResponse, context: ResponseContext): unknown {
  const json = parseJson(response.body);
  const envelope = json.ok ? envelopeSchema.safeParse(json.value) : null;

  if (envelope?.success === true) {
    const { status, msg, result } = envelope.data;
    if (status === 200) return result;

    throw errorFromStatus(status, {
      endpoint: context.endpoint,
      envelopeStatus: status,
      httpStatus: response.statusCode,
      hostMessage: cleanHostMessage(msg, context.secrets),
      fileId: context.fileId,
      retryAfterMs: parseRetryAfter(response.headers['retry-after']),
    });
  }

  const excerpt = bodyExcerpt(response.body, context.secrets);
  const what = json.ok ? 'JSON that is not an envelope' : 'not JSON';

  // A 4xx page is the host (or a proxy in front of it) refusing this request, so the HTTP status
  // decides as an envelope status would; 429 with its Retry-After among them.
  if (response.statusCode >= 400 && response.statusCode <= 499) {
    throw errorFromStatus(response.statusCode, {
      endpoint: context.endpoint,
      envelopeStatus: null,
      httpStatus: response.statusCode,
      hostMessage: null,
      bodyExcerpt: excerpt,
      retryAfterMs: parseRetryAfter(response.headers['retry-after']),
    });
  }

  if (response.statusCode >= 200 && response.statusCode <= 299) {
    throw new HostInvalidResponseError({
      endpoint: context.endpoint,
      httpStatus: response.statusCode,
      bodyExcerpt: excerpt,
      message: `${context.endpoint}: invalid response (HTTP ${response.statusCode}): the body is ${what}: ${excerpt}`,
      userMessage: userMessages.invalidResponse,
      path: null,
    });
  }

  throw new HostUnavailableError({
    endpoint: context.endpoint,
    httpStatus: response.statusCode,
    bodyExcerpt: excerpt,
    message: `${context.endpoint}: host unavailable (HTTP ${response.statusCode}): the body is ${what}: ${excerpt}`,
    userMessage: userMessages.unavailable,
  });
}

function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    // Not JSON: the caller turns the HTTP status and an excerpt of the body into the error.
    return { ok: false };
  }
}
