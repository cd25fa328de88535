import { randomBytes } from 'node:crypto';

/**
 * A short reference shown to a user next to a generic error and logged with
 * the full error, so an operator can find one in the other. Eight base32
 * characters: short enough to read out, 40 bits against collisions.
 */
export function newErrorReference(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(8);
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}
