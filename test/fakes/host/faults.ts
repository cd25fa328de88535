/**
 * Injected faults. A fault replaces the endpoint's handling entirely (nothing
 * is created, no ticket issued), except `slow-body`, which delays the normal
 * response. Before it sends a fault's response, the fake reads the rest of
 * the request body, so an upload client gets the fault and not a broken pipe.
 * Only `reset` does not wait.
 */
import type { HostEndpoint } from './endpoints.js';
import { drainBody, sendBytes, sendError, sendJsonText, type Exchange } from './exchange.js';

export type Fault =
  /** An error with a JSON envelope, e.g. HTTP 503 with `"status": 503`. */
  | { kind: 'json-error'; httpStatus: number; status: number; msg: string }
  /** An HTML error page, as a proxy in front of the host sends (e.g. a 502). */
  | { kind: 'html'; httpStatus: number }
  /** Accepts the request and sends no response until the fake closes. */
  | { kind: 'hang' }
  /** Sends the headers and the first byte of the normal response at once, the rest after `delayMs`. */
  | { kind: 'slow-body'; delayMs: number }
  /** HTTP 200 whose body is broken JSON. */
  | { kind: 'malformed' }
  /** An envelope whose status disagrees with the HTTP status, e.g. HTTP 200 with `"status": 403`. */
  | { kind: 'envelope'; httpStatus: number; status: number; msg: string }
  /** HTTP 429 with a `Retry-After` header in seconds. */
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  /** Destroys the socket without a response. */
  | { kind: 'reset' };

/** Faults waiting for the next requests to each endpoint, first in first out. */
export class FaultQueue {
  private readonly queues = new Map<HostEndpoint, Fault[]>();

  add(endpoint: HostEndpoint, fault: Fault, times: number): void {
    if (!Number.isInteger(times) || times < 1) {
      throw new Error(`Fake host: fault count must be a positive integer, got ${times}`);
    }

    const queue = this.queues.get(endpoint) ?? [];
    for (let i = 0; i < times; i += 1) {
      queue.push(fault);
    }
    this.queues.set(endpoint, queue);
  }

  take(endpoint: HostEndpoint): Fault | undefined {
    return this.queues.get(endpoint)?.shift();
  }

  clear(): void {
    this.queues.clear();
  }
}

const HTML_REASONS: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

function htmlPage(httpStatus: number): string {
  const title = `${httpStatus} ${HTML_REASONS[httpStatus] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** Sends the response of `fault` for `exchange`; `slow-body` is not handled here because it wraps the normal response. */
export async function applyFault(
  exchange: Exchange,
  fault: Exclude<Fault, { kind: 'slow-body' }>,
): Promise<void> {
  if (fault.kind === 'reset') {
    exchange.req.socket.resetAndDestroy();
    return;
  }

  const stillConnected = await drainBody(exchange.req);
  if (!stillConnected || fault.kind === 'hang') {
    return;
  }

  switch (fault.kind) {
    case 'json-error':
    case 'envelope':
      sendError(exchange, fault.status, fault.msg, fault.httpStatus);
      return;
    case 'html':
      sendBytes(
        exchange,
        fault.httpStatus,
        { 'content-type': 'text/html' },
        Buffer.from(htmlPage(fault.httpStatus)),
      );
      return;
    case 'malformed':
      // A body cut off in the middle of the result, as a truncated or half-written response looks.
      sendJsonText(exchange, 200, '{"status":200,"msg":"OK","result":{"user_id":"1","user_');
      return;
    case 'rate-limit':
      sendJsonText(exchange, 429, JSON.stringify({ status: 429, msg: 'Too many requests', result: null }), {
        'retry-after': String(fault.retryAfterSeconds),
      });
      return;
  }
}
