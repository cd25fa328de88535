import { randomBytes } from 'node:crypto';

// Prints a fresh CREDENTIALS_KEY: 32 random bytes in base64, as config.ts expects.
process.stdout.write(
  `CREDENTIALS_KEY=${randomBytes(32).toString('base64')}\n` +
    '# Keep it secret and backed up: without it the stored credentials cannot be opened.\n',
);
