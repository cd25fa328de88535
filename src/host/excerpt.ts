import { redact } from './redact.js';

/** Characters kept of a body excerpt; enough to recognise "502 Bad Gateway" from a proxy page. */
const EXCERPT_LENGTH = 160;

/** Characters kept of the host's `msg`, which users see inside a Discord message. */
const HOST_MESSAGE_LENGTH = 300;

/**
 * Returns a short, secret-free excerpt of a body that was not a JSON envelope: redacted, with
 * HTML tags, scripts and styles removed and whitespace collapsed, then cut to `EXCERPT_LENGTH`.
 */
export function bodyExcerpt(body: string, secrets: readonly string[]): string {
  // Redacted before anything is cut, so that no fragment of a secret survives a cut.
  const text = redact(body, secrets)
    .slice(0, 64 * 1024)
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

  return truncate(text, EXCERPT_LENGTH);
}

/** Returns the host's `msg` redacted, on one line and cut to `HOST_MESSAGE_LENGTH`; null when empty. */
export function cleanHostMessage(message: string | undefined, secrets: readonly string[]): string | null {
  if (message === undefined) return null;

  const text = redact(message, secrets).replace(/\s+/g, ' ').trim();
  return text === '' ? null : truncate(text, HOST_MESSAGE_LENGTH);
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
