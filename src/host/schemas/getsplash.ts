import { z } from 'zod';
import { isHttpUrl } from './fields.js';

/** `file/getsplash`'s result: an image URL, or `false` or `""` when the file has none (null). */
export const splashSchema = z.unknown().transform((value, context): string | null => {
  if (value === false || value === '') return null;
  if (typeof value === 'string' && isHttpUrl(value)) return value;

  context.addIssue({ code: 'custom', message: 'expected an image URL, false or ""' });
  return z.NEVER;
});
