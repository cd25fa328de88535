import { afterEach, describe, expect, test } from 'vitest';
import { HostServerError, HostUnavailableError } from '../../src/host/errors.js';
import { retryDelay, parseRetryAfter } from '../../src/host/retry.js';
import { rejectionOf, requestsTo, startHarness, type Harness } from './support/harness.js';

let harness: Harness | undefined;

afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(retry = { attempts: 2, baseDelayMs: 5, maxDelayMs: 2000 }): Promise<Harness> {
  harness = await startHarness({ connection: { retry } });
  return harness;
}

describe('GET retries', () => {
  test('502 page then success', async () => {
    const { fake, client, retries } = await start();
    fake.fail('account/info', { kind: 'html', httpStatus: 502 });

    expect(await client.accountInfo()).toMatchObject({ premium: false });
    expect(requestsTo(fake, 'account/info').map((request) => request.httpStatus)).toEqual([502, 200]);
    expect(retries).toEqual([
      {
        endpoint: 'account/info',
        attempt: 1,
        delayMs: expect.any(Number),
        code: 'HOST_UNAVAILABLE',
        httpStatus: 502,
        envelopeStatus: null,
      },
    ]);
    expect(retries[0]?.delayMs).toBeLessThanOrEqual(5);
  });

  test('envelope 503 then success', async () => {
    const { fake, client, retries } = await start();
    fake.fail('file/info', { kind: 'json-error', httpStatus: 503, status: 503, msg: 'Busy' });

    expect((await client.fileInfo(['NOSUCH0001']))[0]?.ok).toBe(false);
    expect(requestsTo(fake, 'file/info')).toHaveLength(2);
    expect(retries.map((event) => [event.code, event.envelopeStatus])).toEqual([['HOST_SERVER_ERROR', 503]]);
  });

  test('429 waits Retry-After', async () => {
    const { fake, client, retries } = await start();
    fake.fail('file/listfolder', { kind: 'rate-limit', retryAfterSeconds: 1 });

    expect(await client.listFolder()).toEqual({ folders: [], files: [] });
    expect(requestsTo(fake, 'file/listfolder').map((request) => request.httpStatus)).toEqual([429, 200]);
    expect(retries.map((event) => [event.code, event.delayMs])).toEqual([['HOST_RATE_LIMITED', 1000]]);
  });

  test('Retry-After above the max delay is not waited for', async () => {
    const { fake, client, retries } = await start();
    fake.fail('file/listfolder', { kind: 'rate-limit', retryAfterSeconds: 60 });

    const error = await rejectionOf(client.listFolder());

    expect(error.code).toBe('HOST_RATE_LIMITED');
    expect(requestsTo(fake, 'file/listfolder')).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  test('retries are bounded', async () => {
    const { fake, client, retries } = await start();
    fake.fail('account/info', { kind: 'json-error', httpStatus: 500, status: 500, msg: 'Oops' }, 5);

    const error = await rejectionOf(client.accountInfo());

    expect(error.code).toBe('HOST_SERVER_ERROR');
    expect(requestsTo(fake, 'account/info')).toHaveLength(3);
    expect(retries.map((event) => event.attempt)).toEqual([1, 2]);
  });

  test('connection reset retried', async () => {
    const { fake, client } = await start();
    fake.fail('account/info', { kind: 'reset' });

    expect(await client.accountInfo()).toMatchObject({ premium: false });
    expect(requestsTo(fake, 'account/info')).toHaveLength(2);
  });

  test.each([
    ['envelope 400', { kind: 'json-error', httpStatus: 200, status: 400, msg: 'Bad' }, 'HOST_BAD_REQUEST'],
    ['envelope 403', { kind: 'envelope', httpStatus: 200, status: 403, msg: 'No' }, 'HOST_PERMISSION_DENIED'],
    ['malformed JSON', { kind: 'malformed' }, 'HOST_INVALID_RESPONSE'],
  ] as const)('%s not retried', async (_case, fault, code) => {
    const { fake, client, retries } = await start();
    fake.fail('account/info', fault);

    expect((await rejectionOf(client.accountInfo())).code).toBe(code);
    expect(requestsTo(fake, 'account/info')).toHaveLength(1);
    expect(retries).toEqual([]);
  });

  test('abort while waiting to retry', async () => {
    // Aborting when the retry is reported, just before the wait, keeps the test independent of the
    // jitter, which could otherwise make the wait shorter than any fixed abort delay.
    const controller = new AbortController();
    harness = await startHarness({
      connection: {
        retry: { attempts: 3, baseDelayMs: 5000, maxDelayMs: 5000 },
        onRetry: () => controller.abort(),
      },
    });
    const { fake, client } = harness;
    fake.fail('file/listfolder', { kind: 'html', httpStatus: 503 }, 3);

    const error = await rejectionOf(client.listFolder({ signal: controller.signal }));

    expect(error.code).toBe('HOST_ABORTED');
    expect(error.name).toBe('AbortError');
    expect(requestsTo(fake, 'file/listfolder')).toHaveLength(1);
  });
});

describe('retry policy', () => {
  const policy = { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 };
  const unavailable = new HostUnavailableError({ endpoint: 'file/info', message: 'm', userMessage: 'u' });

  test('full jitter under a doubling ceiling', () => {
    expect([0, 1, 2].map((done) => retryDelay(policy, unavailable, done, () => 1))).toEqual([100, 200, 400]);
    expect(retryDelay(policy, unavailable, 0, () => 0)).toBe(0);
    expect(retryDelay({ ...policy, attempts: 10 }, unavailable, 5, () => 1)).toBe(1000);
  });

  test('no retry after the last attempt', () => {
    expect(retryDelay(policy, unavailable, 3, () => 1)).toBeNull();
    expect(retryDelay({ ...policy, attempts: 0 }, unavailable, 0, () => 1)).toBeNull();
  });

  test('server error retried', () => {
    const error = new HostServerError({ endpoint: 'file/info', message: 'm', userMessage: 'u' });
    expect(retryDelay(policy, error, 0, () => 0.5)).toBe(50);
  });

  test('Retry-After forms', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.UTC(2015, 9, 21, 7, 28, 0))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});
