import { inspect } from 'node:util';
import { REDACTED, redact } from './redact.js';
import type { HostCredentials } from './types.js';

/** Query parameters of one request; `undefined` values are left out. */
export type QueryParameters = Record<string, string | undefined>;

/**
 * A request URL that contains a secret. Converting it to a string, to JSON or through
 * `util.inspect` gives the redacted form. Only `reveal()` gives the real URL, and only the
 * transport calls it, to hand the URL to undici.
 */
export class RequestUrl {
  readonly #href: string;
  readonly redacted: string;

  private constructor(href: string, redacted: string) {
    this.#href = href;
    this.redacted = redacted;
  }

  /** Builds `base` with `query` appended; the credentials' values are redacted in the public form. */
  static withQuery(base: URL, query: QueryParameters, secrets: readonly string[]): RequestUrl {
    const url = new URL(base);
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(name, value);
    }

    return new RequestUrl(url.href, redact(url.href, secrets));
  }

  /**
   * Wraps a URL the host issued, such as an upload ticket. Its path is a capability of its own,
   * so only the origin stays visible.
   */
  static issuedByHost(url: URL): RequestUrl {
    return new RequestUrl(url.href, `${url.origin}/${REDACTED}`);
  }

  reveal(): string {
    return this.#href;
  }

  toString(): string {
    return this.redacted;
  }

  toJSON(): string {
    return this.redacted;
  }

  [inspect.custom](): string {
    return `RequestUrl(${this.redacted})`;
  }
}

/** The one place that builds the URLs of the host's API and upload endpoints. */
export class HostUrls {
  readonly #apiBase: string;
  readonly #uploadUrl: URL;

  /** Both URLs must already be validated (see `connection.ts`). */
  constructor(apiUrl: URL, uploadUrl: URL) {
    // Endpoint paths are appended to the API URL's path, so a trailing slash is dropped first.
    this.#apiBase = apiUrl.href.replace(/\/+$/, '');
    this.#uploadUrl = new URL(uploadUrl);
  }

  /** `{api}/{path}?login&key&...`, e.g. `file/info` with `{ file: 'FXR1I5PIK1' }`. */
  api(path: string, credentials: HostCredentials, query: QueryParameters = {}): RequestUrl {
    return RequestUrl.withQuery(new URL(`${this.#apiBase}/${path}`), withCredentials(credentials, query), [
      credentials.login,
      credentials.key,
    ]);
  }

  /** `{upload}?login&key&...`, for both the ticket request and the direct upload. */
  upload(credentials: HostCredentials, query: QueryParameters): RequestUrl {
    return RequestUrl.withQuery(this.#uploadUrl, withCredentials(credentials, query), [
      credentials.login,
      credentials.key,
    ]);
  }
}

function withCredentials(credentials: HostCredentials, query: QueryParameters): QueryParameters {
  return { login: credentials.login, key: credentials.key, ...query };
}
