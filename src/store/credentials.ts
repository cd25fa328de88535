import { inspect } from 'node:util';

/**
 * A user's API login and key. Both are secrets (the key travels in every
 * request URL), so this object prints as redacted if it ever reaches a log,
 * `JSON.stringify` or `util.inspect`.
 */
export class HostCredentials {
  constructor(
    readonly login: string,
    readonly key: string,
  ) {}

  toJSON(): Record<string, string> {
    return { login: '[redacted]', key: '[redacted]' };
  }

  [inspect.custom](): string {
    return 'HostCredentials { [redacted] }';
  }

  toString(): string {
    return 'HostCredentials [redacted]';
  }
}
