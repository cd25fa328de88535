import type { IncomingHttpHeaders } from 'node:http';

import type { RecordedFile } from './multipart.js';

/** A parsed REST request as route handlers see it. */
export interface RouteRequest {
  method: string;
  /** The path after `/api/v10`, percent-decoded per segment (`@original`, not `%40original`). */
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The JSON body (or `payload_json` of a multipart body); undefined when there was none. */
  json: unknown;
  files: RecordedFile[];
}

/** What a handler returns: a status and a JSON body, or no body for 204. */
export interface RouteResult {
  status: number;
  body?: unknown;
}

export type RouteHandler = (request: RouteRequest) => RouteResult | Promise<RouteResult>;

export interface Route {
  method: string;
  /** The pattern, e.g. `/channels/:channelId/messages/:messageId`. */
  pattern: string;
  /** Whether Discord requires `Authorization: Bot <token>`; interaction and webhook-token routes do not. */
  auth: boolean;
  handler: RouteHandler;
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed' }
  | { kind: 'not-found' };

export function ok(body: unknown): RouteResult {
  return { status: 200, body };
}

export function noContent(): RouteResult {
  return { status: 204 };
}

/** Matches request paths against patterns segment by segment; literal segments win over parameters. */
export class Router {
  readonly #routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler, options: { auth?: boolean } = {}): void {
    this.#routes.push({ method, pattern, handler, auth: options.auth ?? true });
  }

  match(method: string, segments: string[]): RouteMatch {
    let pathMatched = false;
    const candidates = this.#routes
      .map((route) => ({ route, params: matchPattern(route.pattern, segments) }))
      .filter((candidate) => candidate.params !== undefined)
      .sort((a, b) => paramCount(a.route.pattern) - paramCount(b.route.pattern));

    for (const { route, params } of candidates) {
      pathMatched = true;

      if (route.method === method && params !== undefined) {
        return { kind: 'found', route, params };
      }
    }

    return pathMatched ? { kind: 'method-not-allowed' } : { kind: 'not-found' };
  }
}

function matchPattern(pattern: string, segments: string[]): Record<string, string> | undefined {
  const parts = pattern.split('/').filter(Boolean);

  if (parts.length !== segments.length) {
    return undefined;
  }

  const params: Record<string, string> = {};

  for (const [index, part] of parts.entries()) {
    const segment = segments[index] ?? '';

    if (part.startsWith(':')) {
      params[part.slice(1)] = segment;
    } else if (part !== segment) {
      return undefined;
    }
  }

  return params;
}

function paramCount(pattern: string): number {
  return pattern.split('/').filter((part) => part.startsWith(':')).length;
}
