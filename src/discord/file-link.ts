/**
 * Builds the link to a file's page on the host, `https://www.bitporno.com/v/<ID>` in production.
 * `file/info` gives no link, so it is built from the API URL's site as the
 * host's own links show it: the API runs on `api.<site>`, pages on
 * `www.<site>`. Any other API host (a mirror, the fake on 127.0.0.1) is
 * taken to serve the pages itself.
 */
export function filePageLink(apiUrl: string, fileId: string): string {
  const url = new URL(apiUrl);
  const host = url.hostname.startsWith('api.') ? `www.${url.hostname.slice('api.'.length)}` : url.hostname;
  const port = url.port === '' ? '' : `:${url.port}`;
  return `${url.protocol}//${host}${port}/v/${encodeURIComponent(fileId)}`;
}

/** Links from the host are shown only when they are plain http(s) URLs that cannot break the message. */
const SAFE_LINK = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/[A-Za-z0-9._~/-]*$/;

/** Returns `link` when it is safe to show as it is, else the page link built for `fileId`. */
export function shownLink(link: string | null, apiUrl: string, fileId: string): string {
  if (link !== null && link.length <= 200 && SAFE_LINK.test(link)) return link;
  return filePageLink(apiUrl, fileId);
}
