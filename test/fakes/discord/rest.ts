import type { IncomingMessage, ServerResponse } from 'node:http';

import type { FakeContext } from './context.js';
import { DiscordErrors, DiscordHttpError } from './errors.js';
import { readBody, sendJson } from './http-io.js';
import type { RecordedFile } from './multipart.js';
import { isMultipart, parseJsonBody, parseMultipart } from './multipart.js';
import type { RateLimits } from './rate-limits.js';
import type { RouteMatch, Router } from './router.js';

/** The prefix discord.js requests go to: the `api` option (`<origin>/api`) plus `/v10`. */
export const REST_PREFIX = '/api/v10';

/** One REST request as the fake received it, with the status of its response. */
export interface RecordedRequest {
  method: string;
  /** The path after `/api/v10`, percent-decoded (`/webhooks/1/abc/messages/@original`). */
  path: string;
  /** The matched route pattern (`/channels/:channelId/messages`), or undefined for unknown routes. */
  route: string | undefined;
  query: Record<string, string>;
  /** The JSON body, or the `payload_json` of a multipart body. */
  json: unknown;
  files: RecordedFile[];
  status: number;
  at: number;
}

/** Handles one REST request: routes, authenticates, applies arranged rate limits, records and responds. */
export async function handleRestRequest(
  request: IncomingMessage,
  response: ServerResponse,
  url: URL,
  deps: {
    router: Router;
    context: FakeContext;
    rateLimits: RateLimits;
    log: RecordedRequest[];
    errors: Error[];
  },
): Promise<void> {
  const method = request.method ?? 'GET';
  const segments = pathSegments(url.pathname.slice(REST_PREFIX.length));
  const path = `/${segments.join('/')}`;
  const match: RouteMatch = segments.includes('')
    ? { kind: 'not-found' }
    : deps.router.match(method, segments);
  const entry: RecordedRequest = {
    method,
    path,
    route: match.kind === 'found' ? match.route.pattern : undefined,
    query: Object.fromEntries(url.searchParams),
    json: undefined,
    files: [],
    status: 0,
    at: Date.now(),
  };
  deps.log.push(entry);

  try {
    const { json, files } = await readRequestBody(request, deps.context.options.maxRequestBytes);
    entry.json = json;
    entry.files = files;

    if (match.kind !== 'found') {
      throw match.kind === 'not-found' ? DiscordErrors.notFound() : DiscordErrors.methodNotAllowed();
    }

    if (match.route.auth && request.headers.authorization !== `Bot ${deps.context.options.token}`) {
      throw DiscordErrors.unauthorized();
    }

    if (deps.rateLimits.intercept(method, match.route.pattern, path, response)) {
      entry.status = 429;
      return;
    }

    const result = await match.route.handler({
      method,
      path,
      params: match.params,
      query: url.searchParams,
      headers: request.headers,
      json,
      files,
    });
    entry.status = result.status;
    sendResult(response, result.status, result.body);
  } catch (error) {
    entry.status = sendError(response, error, deps.errors);
  }
}

async function readRequestBody(
  request: IncomingMessage,
  maxBytes: number,
): Promise<{ json: unknown; files: RecordedFile[] }> {
  const body = await readBody(request, maxBytes);

  if (body.length === 0) {
    return { json: undefined, files: [] };
  }

  if (isMultipart(request.headers)) {
    return parseMultipart(request.headers, body);
  }

  return { json: parseJsonBody(body.toString('utf8')), files: [] };
}

function sendResult(response: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    response.writeHead(status);
    response.end();
    return;
  }

  sendJson(response, status, body);
}

/** Sends Discord's error body for a known error; anything else is a fault of the fake, kept for tests. */
function sendError(response: ServerResponse, error: unknown, errors: Error[]): number {
  if (error instanceof DiscordHttpError) {
    sendJson(response, error.status, error.body);
    return error.status;
  }

  errors.push(error instanceof Error ? error : new Error(String(error)));
  sendJson(response, 500, { message: '500: Internal Server Error', code: 0 });
  return 500;
}

/** Splits a path into percent-decoded segments; an undecodable segment becomes empty and matches nothing. */
function pathSegments(pathname: string): string[] {
  return pathname
    .split('/')
    .slice(1)
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        // Malformed escapes name no route; an empty segment makes the request a 404.
        return '';
      }
    });
}
