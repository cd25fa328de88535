import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import { sendJson } from './http-io.js';

export interface RateLimitOptions {
  /** How many of the next matching requests get 429; default 1. */
  times?: number;
  /** Seconds the client must wait, sent in `Retry-After`, `X-RateLimit-Reset-After` and the body; default 1. */
  retryAfter?: number;
  /** Whether the limit is the global one (`X-RateLimit-Global`, `global: true`); default false. */
  global?: boolean;
  /** `X-RateLimit-Scope`: user (the default), global or shared. */
  scope?: 'user' | 'global' | 'shared';
  /** `X-RateLimit-Limit`; default 5. */
  limit?: number;
}

interface PendingLimit {
  matcher: string;
  remaining: number;
  options: Required<RateLimitOptions>;
  bucket: string;
}

/**
 * Rate limits a test arranged. A limit matches a request by `METHOD route` where route is the
 * route pattern (`POST /channels/:channelId/messages`) or the concrete path.
 */
export class RateLimits {
  readonly #pending: PendingLimit[] = [];

  add(matcher: string, options: RateLimitOptions = {}): void {
    this.#pending.push({
      matcher: normalize(matcher),
      remaining: options.times ?? 1,
      bucket: randomBytes(16).toString('hex'),
      options: {
        times: options.times ?? 1,
        retryAfter: options.retryAfter ?? 1,
        global: options.global ?? false,
        scope: options.scope ?? (options.global ? 'global' : 'user'),
        limit: options.limit ?? 5,
      },
    });
  }

  /** Sends a 429 and returns true when an arranged limit matches this request. */
  intercept(method: string, route: string | undefined, path: string, response: ServerResponse): boolean {
    const keys = new Set([`${method} ${path}`]);

    if (route !== undefined) {
      keys.add(`${method} ${route}`);
    }

    const pending = this.#pending.find((candidate) => candidate.remaining > 0 && keys.has(candidate.matcher));

    if (pending === undefined) {
      return false;
    }

    pending.remaining -= 1;
    sendRateLimited(response, pending);
    return true;
  }

  clear(): void {
    this.#pending.length = 0;
  }
}

function normalize(matcher: string): string {
  const [method = '', ...rest] = matcher.trim().split(/\s+/);
  return `${method.toUpperCase()} ${rest.join(' ')}`;
}

/** Sends Discord's 429: the rate-limit headers and `{ message, retry_after, global }`. */
function sendRateLimited(response: ServerResponse, pending: PendingLimit): void {
  const { retryAfter, global, scope, limit } = pending.options;
  const headers: Record<string, string> = {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': '0',
    'x-ratelimit-reset': ((Date.now() + retryAfter * 1000) / 1000).toFixed(3),
    'x-ratelimit-reset-after': retryAfter.toFixed(3),
    'x-ratelimit-bucket': pending.bucket,
    'x-ratelimit-scope': scope,
    'retry-after': String(retryAfter),
  };

  if (global) {
    headers['x-ratelimit-global'] = 'true';
  }

  sendJson(
    response,
    429,
    { message: 'You are being rate limited.', retry_after: retryAfter, global },
    headers,
  );
}
