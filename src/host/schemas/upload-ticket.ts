import { z } from 'zod';
import { httpUrl } from './fields.js';

/**
 * An upload ticket: the URL to POST the file to, valid until `valid_until`. The host writes
 * that time as "2015-01-09 00:02:50" without a zone; it is read as UTC.
 */
export const uploadTicketSchema = z.object({
  url: httpUrl,
  valid_until: z
    .unknown()
    .optional()
    .transform((value) => (typeof value === 'string' ? parseHostTime(value) : null)),
});

/** Reads "YYYY-MM-DD HH:MM:SS" as UTC epoch milliseconds; null for any other form. */
function parseHostTime(value: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (match === null) return null;

  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const time = Date.UTC(year, month - 1, day, hour, minute, second);
  return Number.isNaN(time) ? null : time;
}
