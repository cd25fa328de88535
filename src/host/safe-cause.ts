import { redact } from './redact.js';

/** How many `cause` links are copied; deeper chains are cut. */
const MAX_CAUSE_DEPTH = 4;

/**
 * Copies an underlying error (undici's, a socket's, a file system's) into a plain `Error` whose
 * name, code, message and stack are redacted. Host errors keep this copy as their `cause` instead
 * of the original, whose properties (a request's options, a socket) could hold the URL with the key.
 */
export function safeCause(error: unknown, secrets: readonly string[], depth = 0): Error {
  if (!(error instanceof Error)) {
    return new Error(redact(String(error), secrets));
  }

  const nested =
    error.cause !== undefined && depth < MAX_CAUSE_DEPTH
      ? safeCause(error.cause, secrets, depth + 1)
      : undefined;
  const copy = new Error(
    redact(error.message, secrets),
    nested === undefined ? undefined : { cause: nested },
  );
  copy.name = redact(error.name, secrets);

  const code = errorCode(error);
  if (code !== null) Object.assign(copy, { code: redact(code, secrets) });

  copy.stack = error.stack === undefined ? undefined : redact(error.stack, secrets);
  return copy;
}

/** Reads the conventional `code` property of Node and undici errors. */
export function errorCode(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;

  const { code } = error;
  return typeof code === 'string' ? code : null;
}
