import type { z } from 'zod';
import { HostInvalidResponseError, type HostEndpoint } from '../errors.js';
import { redact } from '../redact.js';
import { userMessages } from '../user-messages.js';

/** Characters kept of one path segment; keys come from the host and could be anything. */
const SEGMENT_LENGTH = 40;

/**
 * Parses `value` with `schema`, or throws a `HostInvalidResponseError` that names the endpoint
 * and the first failing field's path, e.g. `result.FXR1I5PIK1.views_count`.
 */
export function parseResult<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  where: { endpoint: HostEndpoint; path: readonly PropertyKey[]; secrets: readonly string[] },
): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;

  const [first, ...others] = parsed.error.issues;
  const path = formatPath([...where.path, ...(first?.path ?? [])], where.secrets);
  const detail = redact(first?.message ?? 'invalid', where.secrets);
  const more =
    others.length === 0 ? '' : ` (and ${others.length} more ${others.length === 1 ? 'problem' : 'problems'})`;

  throw new HostInvalidResponseError({
    endpoint: where.endpoint,
    envelopeStatus: 200,
    message: `${where.endpoint}: invalid response at ${path}: ${detail}${more}`,
    userMessage: userMessages.invalidResponse,
    path,
  });
}

function formatPath(path: readonly PropertyKey[], secrets: readonly string[]): string {
  return path
    .map((segment) => {
      const text = redact(String(segment), secrets);
      return text.length <= SEGMENT_LENGTH ? text : `${text.slice(0, SEGMENT_LENGTH - 1)}…`;
    })
    .join('.');
}
