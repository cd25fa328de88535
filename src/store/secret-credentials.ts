import { inspect } from 'node:util';
import type { HostCredentials } from '../host/types.js';

/**
 * A user's API login and key. Both are secrets (the key travels in every
 * request URL), so this object prints as redacted if it ever reaches a log,
 * `JSON.stringify` or `util.inspect`.
 */
export class SecretCredentials implements HostCredentials {
  constructor(
    readonly login: string,
    readonly key: string,
  ) {}

  toJSON(): Record<string, string> {
    return { login: '[redacted]', key: '[redacted]' };
  }

  [inspect.custom](): string {
    return 'SecretCredentials { [redacted] }';
  }

  toString(): string {
    return 'SecretCredentials [redacted]';
  }
}
