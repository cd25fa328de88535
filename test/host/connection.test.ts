import { inspect } from 'node:util';
import { expect, test } from 'vitest';
import { HostConnection, type HostConnectionOptions } from '../../src/host/connection.js';
import { DISTINCT_KEY, DISTINCT_LOGIN } from './support/harness.js';

const production: HostConnectionOptions = {
  apiUrl: 'https://api.bitporno.com/v2',
  uploadUrl: 'https://upload.bitporno.com/bp/',
  timeouts: { connectMs: 10_000, headersMs: 30_000, bodyMs: 60_000 },
  retry: { attempts: 3, baseDelayMs: 500, maxDelayMs: 8000 },
  requireHttps: true,
};

test('https URLs accepted without a request', async () => {
  const connection = new HostConnection(production);
  expect(connection.forUser({ login: DISTINCT_LOGIN, key: DISTINCT_KEY })).toBeDefined();
  await connection.close();
});

test.each([
  [
    'apiUrl',
    { apiUrl: 'http://api.bitporno.com/v2' },
    'apiUrl must use https (http://api.bitporno.com is plain http, allowed only for a local test host)',
  ],
  [
    'uploadUrl',
    { uploadUrl: 'http://127.0.0.1:9/bp/' },
    'uploadUrl must use https (http://127.0.0.1:9 is plain http, allowed only for a local test host)',
  ],
])('http %s rejected when https is required', (_name, override, message) => {
  expect(() => new HostConnection({ ...production, ...override })).toThrow(new TypeError(message));
});

test('https required by default', () => {
  const { requireHttps: _omitted, ...rest } = production;
  expect(() => new HostConnection({ ...rest, apiUrl: 'http://127.0.0.1:9/v2' })).toThrow(TypeError);
});

test('http allowed for a local host', async () => {
  const connection = new HostConnection({
    ...production,
    apiUrl: 'http://127.0.0.1:9/v2',
    requireHttps: false,
  });
  await connection.close();
});

test.each([
  [{ apiUrl: 'ftp://example.com/v2' }, 'apiUrl must use http or https, not ftp:'],
  [{ apiUrl: 'not a url' }, 'apiUrl must be an absolute http or https URL'],
  [{ apiUrl: 'https://api.example/v2?key=1' }, 'apiUrl must not contain credentials, a query or a fragment'],
  [
    { uploadUrl: 'https://u:p@up.example/bp/' },
    'uploadUrl must not contain credentials, a query or a fragment',
  ],
  [
    { timeouts: { connectMs: 0, headersMs: 1, bodyMs: 1 } },
    'timeouts.connectMs must be a positive whole number of milliseconds',
  ],
  [
    { retry: { attempts: -1, baseDelayMs: 1, maxDelayMs: 1 } },
    'retry.attempts must be a whole number of retries, 0 or more',
  ],
  [
    { retry: { attempts: 1, baseDelayMs: 1.5, maxDelayMs: 1 } },
    'retry.baseDelayMs must be a whole number of milliseconds, 0 or more',
  ],
])('invalid option %j rejected', (override, message) => {
  expect(() => new HostConnection({ ...production, ...override })).toThrow(new TypeError(message));
});

test('client shows no credentials when inspected', async () => {
  const connection = new HostConnection(production);
  const client = connection.forUser({ login: DISTINCT_LOGIN, key: DISTINCT_KEY });

  const shown = [
    inspect(client, { depth: 10, showHidden: true }),
    JSON.stringify(client),
    inspect(connection, { depth: 10 }),
  ];
  for (const text of shown) {
    expect(text).not.toContain(DISTINCT_KEY);
    expect(text).not.toContain(DISTINCT_LOGIN);
  }
  await connection.close();
});
