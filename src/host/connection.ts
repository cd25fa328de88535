import { Agent } from 'undici';
import { HostClient } from './client.js';
import { HostHttp } from './http.js';
import { HostUrls } from './request-url.js';
import type { HostRetryEvent, RetryPolicy } from './retry.js';
import type { Timeouts } from './transport-error.js';
import type { HostCredentials } from './types.js';

/** Responses are small JSON documents; a larger body is taken as a broken host, not read to the end. */
const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

export interface HostConnectionOptions {
  /** The JSON API's base URL, e.g. `https://api.bitporno.com/v2`. */
  apiUrl: string;
  /** The upload URL, e.g. `https://upload.bitporno.com/bp/`. */
  uploadUrl: string;
  /**
   * In milliseconds. `headersMs` starts once a request is fully written, because undici 7 does
   * not count the time a draining request body is still being written. A long upload is therefore
   * not cut by it, but a host that takes the body and never responds is. An upload POST gets extra
   * time for bytes still in socket buffers (see `post-headers-timeout.ts`). `bodyMs` is the
   * longest pause between chunks of a response body.
   */
  timeouts: Timeouts;
  retry: RetryPolicy;
  /** Called before each retry, with no URL in the event. */
  onRetry?: (event: HostRetryEvent) => void;
  /** Reject http URLs, for the API, the uploads and the upload tickets the host issues. Default true. */
  requireHttps?: boolean;
}

/**
 * The process's one connection to the host: its URLs, its undici `Agent` (one pool of sockets
 * per origin, shared by every user) and its retry policy. `forUser` binds a user's credentials.
 */
export class HostConnection {
  readonly #agent: Agent;
  readonly #http: HostHttp;
  readonly #urls: HostUrls;
  readonly #requireHttps: boolean;

  /** Throws a `TypeError` naming the option when a URL, timeout or retry setting is invalid. */
  constructor(options: HostConnectionOptions) {
    this.#requireHttps = options.requireHttps ?? true;
    this.#urls = new HostUrls(
      checkBaseUrl('apiUrl', options.apiUrl, this.#requireHttps),
      checkBaseUrl('uploadUrl', options.uploadUrl, this.#requireHttps),
    );
    checkTimeouts(options.timeouts);
    checkRetryPolicy(options.retry);

    this.#agent = new Agent({
      connect: { timeout: options.timeouts.connectMs },
      headersTimeout: options.timeouts.headersMs,
      bodyTimeout: options.timeouts.bodyMs,
      maxResponseSize: MAX_RESPONSE_BYTES,
    });
    this.#http = new HostHttp({
      dispatcher: this.#agent,
      policy: { ...options.retry },
      timeouts: { ...options.timeouts },
      onRetry: options.onRetry,
    });
  }

  /** A client that sends this user's login and key; cheap to make, and owns no sockets of its own. */
  forUser(credentials: HostCredentials): HostClient {
    return new HostClient({
      http: this.#http,
      urls: this.#urls,
      credentials,
      requireHttps: this.#requireHttps,
    });
  }

  /** Waits for running requests to finish, then closes every socket. */
  async close(): Promise<void> {
    await this.#agent.close();
  }

  /** Aborts running requests and closes every socket at once. */
  async destroy(): Promise<void> {
    await this.#agent.destroy();
  }
}

function checkBaseUrl(name: string, value: string, requireHttps: boolean): URL {
  if (typeof value !== 'string' || !URL.canParse(value)) {
    throw new TypeError(`${name} must be an absolute http or https URL`);
  }

  const url = new URL(value);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`${name} must use http or https, not ${url.protocol}`);
  }
  if (requireHttps && url.protocol !== 'https:') {
    throw new TypeError(
      `${name} must use https (${url.origin} is plain http, allowed only for a local test host)`,
    );
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new TypeError(`${name} must not contain credentials, a query or a fragment`);
  }

  return url;
}

function checkTimeouts(timeouts: Timeouts): void {
  for (const name of ['connectMs', 'headersMs', 'bodyMs'] as const) {
    const value = timeouts[name];
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new TypeError(`timeouts.${name} must be a positive whole number of milliseconds`);
    }
  }
}

function checkRetryPolicy(retry: RetryPolicy): void {
  if (!Number.isSafeInteger(retry.attempts) || retry.attempts < 0) {
    throw new TypeError('retry.attempts must be a whole number of retries, 0 or more');
  }
  for (const name of ['baseDelayMs', 'maxDelayMs'] as const) {
    if (!Number.isSafeInteger(retry[name]) || retry[name] < 0) {
      throw new TypeError(`retry.${name} must be a whole number of milliseconds, 0 or more`);
    }
  }
}
