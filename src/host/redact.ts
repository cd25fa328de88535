/**
 * The one redaction function of the host client. Every URL and every piece of error text that
 * can reach an error, a log line or a Discord message passes through `redact`, because a URL of
 * this API carries the user's `login` and `key` in its query string.
 */

export const REDACTED = '[redacted]';

// A `key=` or `login=` parameter at the start of the text, after a query separator or after
// whitespace, up to the end of its value. Case-insensitive so that `Key=` is caught too.
const CREDENTIAL_PARAMETER = /(^|[?&;\s])((?:key|login)=)[^&#\s"'<>]*/gi;

/**
 * Removes the values of `key` and `login` query parameters from `text`, then every occurrence of
 * each secret in `secrets`, raw and percent-encoded. Empty secrets are ignored.
 */
export function redact(text: string, secrets: readonly string[] = []): string {
  let result = text.replace(CREDENTIAL_PARAMETER, `$1$2${REDACTED}`);

  for (const secret of secrets) {
    if (secret.length === 0) continue;

    result = result.split(secret).join(REDACTED);

    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) result = result.split(encoded).join(REDACTED);
  }

  return result;
}
