import { randomBytes, randomInt } from 'node:crypto';

const UPPER_ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

function randomString(alphabet: string, length: number): string {
  let text = '';
  for (let i = 0; i < length; i += 1) {
    text += alphabet[randomInt(alphabet.length)];
  }
  return text;
}

/** Generates a file ID in the host's style: 10 upper-case letters and digits, like `FXR1I5PIK1`. */
export function randomFileId(): string {
  return randomString(UPPER_ALPHANUMERIC, 10);
}

/** Generates an API login in the host's style: 16 lower-case hexadecimal digits. */
export function randomLogin(): string {
  return randomBytes(8).toString('hex');
}

/** Generates an API key in the host's style: 16 characters of letters, digits, `_` and `-`. */
export function randomApiKey(): string {
  return randomString(KEY_ALPHABET, 16);
}

/** Generates an upload ticket token: 11 base64url characters, like the documented `fCgaPthr_ys`. */
export function randomTicketToken(): string {
  return randomBytes(8).toString('base64url').slice(0, 11);
}
