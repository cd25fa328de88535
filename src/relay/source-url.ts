import { RelaySourceNotAllowedError } from './errors.js';

/** The hosts and schemes attachments may be downloaded from. */
export interface SourcePolicy {
  /** Host names matched exactly (no subdomains), e.g. `cdn.discordapp.com`. */
  allowedHosts: readonly string[];
  /** Accept plain http as well as https; only for a fake CDN on 127.0.0.1 in tests and the demo. */
  allowHttp: boolean;
}

/**
 * Parses `raw` and returns it when its scheme and host name are allowed. A `base` resolves a
 * relative URL, as a redirect's `Location` may be. Throws `RelaySourceNotAllowedError` otherwise.
 */
export function allowedSourceUrl(raw: string, policy: SourcePolicy, base?: URL): URL {
  let url: URL;

  try {
    url = new URL(raw, base);
  } catch {
    // The parser's TypeError carries the whole input, signature included, so it is not kept as the cause.
    throw new RelaySourceNotAllowedError('(invalid URL)', 'not a valid URL');
  }

  const origin = `${url.protocol}//${url.host}`;
  const schemeAllowed = url.protocol === 'https:' || (policy.allowHttp && url.protocol === 'http:');

  if (!schemeAllowed) {
    throw new RelaySourceNotAllowedError(origin, `scheme ${url.protocol} is not allowed`);
  }

  // Credentials in a URL have no place on a CDN and could smuggle a different authority past a reader.
  if (url.username !== '' || url.password !== '') {
    throw new RelaySourceNotAllowedError(origin, 'URLs with credentials are not allowed');
  }

  // URL lower-cases host names, so the list is compared in lower case too.
  const allowed = policy.allowedHosts.some((host) => host.toLowerCase() === url.hostname);

  if (!allowed) {
    throw new RelaySourceNotAllowedError(origin, `host ${url.hostname} is not in the allow-list`);
  }

  return url;
}

/** Returns the URL without its query and fragment, fit for logs, because Discord's signature is in the query. */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
