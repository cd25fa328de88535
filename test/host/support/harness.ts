/** Test set-up for the host client: a fake host, a connection with short timeouts, and error checks. */
import { inspect } from 'node:util';
import { expect } from 'vitest';
import type { HostClient } from '../../../src/host/client.js';
import { HostConnection, type HostConnectionOptions } from '../../../src/host/connection.js';
import { HostError } from '../../../src/host/errors.js';
import type { HostRetryEvent } from '../../../src/host/retry.js';
import type { FileInfoEntry } from '../../../src/host/types.js';
import { FakeHost, type FakeAccount, type HostEndpoint } from '../../fakes/host/fake-host.js';

/** Credentials distinctive enough that finding either in an error can only mean a leak. */
export const DISTINCT_LOGIN = 'f00dfacecafe4321';
export const DISTINCT_KEY = 'Zq8_LEAKCHECK-7wX';

export interface Harness {
  fake: FakeHost;
  connection: HostConnection;
  /** A client for `account`, whose login and key are the distinctive ones. */
  client: HostClient;
  account: FakeAccount;
  retries: HostRetryEvent[];
  close(): Promise<void>;
}

export type ConnectionOverrides = Partial<Omit<HostConnectionOptions, 'apiUrl' | 'uploadUrl'>>;

/** Options for tests: plain http on 127.0.0.1, short timeouts, two quick retries. */
export function testConnection(
  urls: { apiUrl: string; uploadUrl: string },
  retries: HostRetryEvent[],
  overrides: ConnectionOverrides = {},
): HostConnection {
  return new HostConnection({
    apiUrl: urls.apiUrl,
    uploadUrl: urls.uploadUrl,
    requireHttps: false,
    timeouts: { connectMs: 2000, headersMs: 2000, bodyMs: 2000 },
    retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 50 },
    onRetry: (event) => retries.push(event),
    ...overrides,
  });
}

export async function startHarness(
  options: { fake?: Parameters<typeof FakeHost.start>[0]; connection?: ConnectionOverrides } = {},
): Promise<Harness> {
  const fake = await FakeHost.start(options.fake);
  const retries: HostRetryEvent[] = [];
  const connection = testConnection(fake, retries, options.connection);
  const account = fake.addAccount({ login: DISTINCT_LOGIN, key: DISTINCT_KEY });

  return {
    fake,
    connection,
    client: connection.forUser({ login: account.login, key: account.key }),
    account,
    retries,
    async close() {
      await connection.destroy();
      await fake.close();
    },
  };
}

/** Awaits a promise that must reject with a host error, and returns that error. */
export async function rejectionOf(promise: Promise<unknown>): Promise<HostError> {
  const outcome = await promise.then(
    (value: unknown) => ({ rejected: false as const, value }),
    (error: unknown) => ({ rejected: true as const, error }),
  );

  if (!outcome.rejected) throw new Error(`expected a rejection, got ${inspect(outcome.value)}`);
  if (!(outcome.error instanceof HostError)) throw outcome.error;

  return outcome.error;
}

/** Returns the error of a failed `file/info` entry, or throws when the entry is missing or found. */
export function entryError(entry: FileInfoEntry | undefined): HostError {
  if (entry === undefined || entry.ok) throw new Error(`expected a failed entry, got ${inspect(entry)}`);
  return entry.error;
}

/** Returns the requests the fake received for `endpoint`. */
export function requestsTo(fake: FakeHost, endpoint: HostEndpoint): FakeHost['requests'] {
  return fake.requests.filter((request) => request.endpoint === endpoint);
}

/**
 * Asserts that none of `secrets` appears anywhere in `error`: message, stack, own properties
 * (hidden ones included) and the whole `cause` chain.
 */
export function expectNoSecrets(
  error: unknown,
  secrets: readonly string[] = [DISTINCT_LOGIN, DISTINCT_KEY],
): void {
  const views = [
    inspect(error, { depth: 10 }),
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(error),
  ];
  for (let link: unknown = error; link instanceof Error; link = link.cause) {
    views.push(link.message, link.stack ?? '', JSON.stringify(Object.getOwnPropertyDescriptors(link)));
  }

  for (const secret of secrets) {
    for (const view of views) expect(view).not.toContain(secret);
  }
}
