import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { finished } from 'node:stream/promises';

import type { HostEndpoint } from './endpoints.js';

export interface RecordedRequest {
  endpoint: HostEndpoint | 'other';
  method: string;
  /** The query string as sent, secrets included; the last value wins when a name repeats. */
  query: Record<string, string>;
  /** The HTTP status sent, or 0 when no response was sent (a hang or a reset). */
  httpStatus: number;
  /** Epoch ms on the fake's clock when the request arrived. */
  at: number;
}

/** One request and its response, with what the response helpers need. */
export interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  query: Record<string, string>;
  record: RecordedRequest;
  /** When above 0, the body is sent as one byte, then the rest after this many ms (the `slow-body` fault). */
  bodyDelayMs: number;
  /** Timers of slow bodies, cleared when the fake closes. */
  timers: Set<NodeJS.Timeout>;
}

/** Sends a complete response; every response of the fake goes through here so the request log gets its status. */
export function sendBytes(
  exchange: Exchange,
  httpStatus: number,
  headers: OutgoingHttpHeaders,
  body: Buffer,
): void {
  const { res } = exchange;
  if (res.headersSent || res.destroyed) {
    return;
  }

  exchange.record.httpStatus = httpStatus;
  res.writeHead(httpStatus, { ...headers, 'content-length': body.length });

  if (exchange.bodyDelayMs <= 0 || body.length < 2) {
    res.end(body);
    return;
  }

  res.write(body.subarray(0, 1));
  const timer = setTimeout(() => {
    exchange.timers.delete(timer);
    res.end(body.subarray(1));
  }, exchange.bodyDelayMs);
  exchange.timers.add(timer);
}

export function sendJsonText(
  exchange: Exchange,
  httpStatus: number,
  text: string | Buffer,
  headers: OutgoingHttpHeaders = {},
): void {
  const body = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  sendBytes(exchange, httpStatus, { 'content-type': 'application/json; charset=utf-8', ...headers }, body);
}

/** Sends `{ status, msg, result }`; the HTTP status is 200 unless given, as the host reports outcomes in the envelope. */
export function sendEnvelope(
  exchange: Exchange,
  status: number,
  msg: string,
  result: unknown,
  httpStatus = 200,
): void {
  sendJsonText(exchange, httpStatus, JSON.stringify({ status, msg, result }));
}

/** Sends an envelope error with a null `result`, because the documentation shows no payload for an error. */
export function sendError(exchange: Exchange, status: number, msg: string, httpStatus = 200): void {
  sendEnvelope(exchange, status, msg, null, httpStatus);
}

/**
 * Reads and discards the request body, so a client that is still sending gets
 * the response instead of a broken pipe. Returns false when the client went
 * away before the end of the body.
 */
export async function drainBody(req: IncomingMessage): Promise<boolean> {
  if (req.readableEnded) {
    return true;
  }

  req.resume();
  try {
    await finished(req);
    return true;
  } catch {
    // The client aborted, so no response can be sent.
    return false;
  }
}

/** Sends an envelope error once the request body is read, or nothing when the client went away meanwhile. */
export async function sendErrorAfterBody(
  exchange: Exchange,
  status: number,
  msg: string,
  httpStatus = 200,
): Promise<void> {
  if (await drainBody(exchange.req)) {
    sendError(exchange, status, msg, httpStatus);
  }
}
