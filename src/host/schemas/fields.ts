import { z } from 'zod';

/**
 * Field schemas for the host's loose JSON. The host sends numbers and flags as strings or as
 * numbers, and timestamps as Unix seconds. Each schema accepts exactly the documented forms and
 * reports anything else with a message naming what it expected. `false` and `""` are never read
 * as 0.
 */

const DIGITS = /^\d+$/;
const DECIMAL = /^\d+(\.\d+)?$/;

type Context = z.core.$RefinementCtx;

// zod 4 rejects a missing key before a transform of `z.unknown()` can turn it into a value, so
// the fields whose absence means null start from an optional unknown.
const optionalField = z.unknown().optional();

function reject(context: Context, expected: string, value: unknown): never {
  context.addIssue({ code: 'custom', message: `expected ${expected}, received ${describe(value)}` });
  return z.NEVER;
}

/** Describes a rejected value by type, and by value when it is short and harmless to show. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length <= 20 ? JSON.stringify(value) : 'a long string';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);

  return Array.isArray(value) ? 'an array' : `an ${typeof value}`;
}

function readWhole(value: unknown): number | null {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && DIGITS.test(value) && Number.isSafeInteger(Number(value)))
    return Number(value);

  return null;
}

/** A whole number, sent as `130` or `"130"`. */
export const wholeNumber = z.unknown().transform((value, context) => {
  return readWhole(value) ?? reject(context, 'a whole number or a string of digits', value);
});

/** A percentage such as `"100"`, `"57.5"` or `100`. */
export const percent = z.unknown().transform((value, context) => {
  const parsed =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && DECIMAL.test(value)
        ? Number(value)
        : NaN;

  if (Number.isFinite(parsed) && parsed >= 0 && parsed <= 100) return parsed;
  return reject(context, 'a percentage from 0 to 100', value);
});

/** A flag, sent as `true`/`false`, `1`/`0` or `"1"`/`"0"`. */
export const flag = z.unknown().transform((value, context) => {
  if (value === true || value === 1 || value === '1') return true;
  if (value === false || value === 0 || value === '0') return false;

  return reject(context, 'a flag (true, false, 1, 0, "1" or "0")', value);
});

/** A Unix timestamp in seconds, as epoch milliseconds; null when missing or 0. */
export const timestamp = optionalField.transform((value, context) => {
  if (value === undefined) return null;

  const seconds = readWhole(value);
  if (seconds === null) return reject(context, 'a Unix timestamp in seconds', value);

  return seconds === 0 ? null : seconds * 1000;
});

/** A decimal ID (user, folder, codec, job), sent as a number or a string of digits; kept as a string. */
export const decimalId = z.unknown().transform((value, context) => {
  const parsed = readWhole(value);
  return parsed === null ? reject(context, 'an ID of decimal digits', value) : String(parsed);
});

/** A folder ID where "0" means the root; the root is null. */
export const parentFolderId = decimalId.transform((id) => (id === '0' ? null : id));

/** A file ID (`FXR1I5PIK1`): ASCII letters and digits only, so it is safe to put in a URL. */
export const fileId = z.unknown().transform((value, context) => {
  if (typeof value === 'string' && /^[A-Za-z0-9]+$/.test(value)) return value;
  return reject(context, 'a file ID of letters and digits', value);
});

export const text = z.unknown().transform((value, context) => {
  return typeof value === 'string' ? value : reject(context, 'a string', value);
});

/** An http or https URL. */
export const httpUrl = z.unknown().transform((value, context) => {
  if (typeof value === 'string' && isHttpUrl(value)) return value;
  return reject(context, 'an http or https URL', value);
});

/** An MD5 digest in hex, or null where the host sends "n/a". */
export const md5 = z.unknown().transform((value, context) => {
  if (value === 'n/a') return null;
  if (typeof value === 'string' && /^[0-9a-fA-F]{32}$/.test(value)) return value.toLowerCase();

  return reject(context, 'an MD5 digest in hex or "n/a"', value);
});

/**
 * Builds the schema of a field that may be empty, for instance the link of a file still
 * encoding. Missing, `""` and `false` all give null, and any other value must match `schema`.
 */
export function emptyOr<Schema extends z.ZodType>(schema: Schema) {
  return optionalField.transform((value, context): z.output<Schema> | null => {
    if (value === undefined || value === '' || value === false) return null;

    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;

    for (const issue of parsed.error.issues) {
      context.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    }
    return z.NEVER;
  });
}

export function isHttpUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;

  const { protocol } = new URL(value);
  return protocol === 'https:' || protocol === 'http:';
}
