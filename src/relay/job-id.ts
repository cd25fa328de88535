import { randomBytes } from 'node:crypto';

/** Lower-case RFC 4648 base32 letters and digits: safe in a Discord custom ID and easy to read back. */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Characters per job ID; 10 base32 characters carry 50 random bits. */
export const JOB_ID_LENGTH = 10;

export const JOB_ID_PATTERN = /^[a-z2-7]{10}$/;

/** Makes a random job ID such as `k3q7zpx2ma`. */
export function createJobId(): string {
  const bytes = randomBytes(JOB_ID_LENGTH);
  let id = '';

  // 256 is a multiple of 32, so taking the low five bits of each byte keeps every letter equally likely.
  for (const byte of bytes) {
    id += ALPHABET[byte & 31];
  }

  return id;
}
