import { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { HostAbortError, HostError, type HostEndpoint } from './errors.js';
import type { RequestUrl } from './request-url.js';
import { resultOf, type HostResponse } from './response.js';
import { postHeadersTimeout } from './post-headers-timeout.js';
import { retryDelay, wait, type HostRetryEvent, type RetryPolicy } from './retry.js';
import { safeCause } from './safe-cause.js';
import { transportError, type Timeouts } from './transport-error.js';
import { userMessages } from './user-messages.js';

export interface HostRequest {
  endpoint: HostEndpoint;
  url: RequestUrl;
  /** Values redacted from every error of this request: the login, the key, an upload ticket. */
  secrets: readonly string[];
  /** The file a single-file endpoint requests, named in a not-found error. */
  fileId?: string;
  signal?: AbortSignal;
}

export interface HostPost extends HostRequest {
  headers: Record<string, string>;
  body: AsyncIterable<Uint8Array>;
  /** The body's exact length, which also sets how long the response may take (see `post-headers-timeout.ts`). */
  bodyBytes: number;
}

type SendInit =
  | { method: 'GET' }
  | {
      method: 'POST';
      headers: Record<string, string>;
      body: AsyncIterable<Uint8Array>;
      headersTimeoutMs: number;
    };

/**
 * The transport shared by every client of one connection: sends over the connection's undici
 * dispatcher, reads the envelope, and retries GETs.
 */
export class HostHttp {
  readonly #dispatcher: Dispatcher;
  readonly #policy: RetryPolicy;
  readonly #timeouts: Timeouts;
  readonly #onRetry: ((event: HostRetryEvent) => void) | undefined;

  constructor(options: {
    dispatcher: Dispatcher;
    policy: RetryPolicy;
    timeouts: Timeouts;
    onRetry?: (event: HostRetryEvent) => void;
  }) {
    this.#dispatcher = options.dispatcher;
    this.#policy = options.policy;
    this.#timeouts = options.timeouts;
    this.#onRetry = options.onRetry;
  }

  /** GETs the URL and returns the envelope's `result`, retrying transient failures per the policy. */
  async get(target: HostRequest): Promise<unknown> {
    for (let retriesDone = 0; ; retriesDone += 1) {
      try {
        return await this.#exchange(target, { method: 'GET' });
      } catch (error) {
        if (!(error instanceof HostError)) throw error;

        const delayMs = retryDelay(this.#policy, error, retriesDone);
        if (delayMs === null) throw error;

        this.#report({
          endpoint: target.endpoint,
          attempt: retriesDone + 1,
          delayMs,
          code: error.code,
          httpStatus: error.httpStatus,
          envelopeStatus: error.envelopeStatus,
        });
        await this.#pause(delayMs, target);
      }
    }
  }

  /**
   * POSTs the body once and returns the envelope's `result`. Never retried: the body is a
   * stream that cannot be replayed, and the caller retries from its own copy of the file.
   */
  async postOnce(target: HostPost): Promise<unknown> {
    return this.#exchange(target, {
      method: 'POST',
      headers: { ...target.headers, 'content-length': String(target.bodyBytes) },
      body: target.body,
      headersTimeoutMs: postHeadersTimeout(this.#timeouts.headersMs, target.bodyBytes),
    });
  }

  async #exchange(target: HostRequest, init: SendInit): Promise<unknown> {
    const response = await this.#send(target, init);
    return resultOf(response, { endpoint: target.endpoint, secrets: target.secrets, fileId: target.fileId });
  }

  async #send(target: HostRequest, init: SendInit): Promise<HostResponse> {
    const headersMs = init.method === 'POST' ? init.headersTimeoutMs : this.#timeouts.headersMs;

    try {
      const response = await request(target.url.reveal(), {
        dispatcher: this.#dispatcher,
        method: init.method,
        headers: { accept: 'application/json', ...(init.method === 'POST' ? init.headers : {}) },
        // undici 7 streams async iterables, but its types list only Readable among streams.
        body: init.method === 'POST' ? Readable.from(init.body, { objectMode: false }) : null,
        headersTimeout: headersMs,
        signal: target.signal,
      });
      const body = await response.body.text();
      return { statusCode: response.statusCode, headers: response.headers, body };
    } catch (error) {
      throw transportError(error, {
        endpoint: target.endpoint,
        secrets: target.secrets,
        timeouts: { ...this.#timeouts, headersMs },
        signal: target.signal,
      });
    }
  }

  #report(event: HostRetryEvent): void {
    if (this.#onRetry === undefined) return;

    try {
      this.#onRetry(event);
    } catch {
      // A failing listener must not turn a retry into a failed request; the listener owns its errors.
    }
  }

  async #pause(delayMs: number, target: HostRequest): Promise<void> {
    try {
      await wait(delayMs, target.signal);
    } catch (error) {
      throw new HostAbortError({
        endpoint: target.endpoint,
        message: `${target.endpoint}: aborted by the caller while waiting to retry`,
        userMessage: userMessages.aborted,
        cause: safeCause(error, target.secrets),
      });
    }
  }
}
