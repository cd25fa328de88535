import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { HostRateLimitError } from '../../src/host/errors.js';
import { sendJson, startLocalServer, type LocalServer } from './support/local-server.js';
import {
  DISTINCT_KEY,
  DISTINCT_LOGIN,
  expectNoSecrets,
  rejectionOf,
  requestsTo,
  startHarness,
  testConnection,
  type Harness,
} from './support/harness.js';

let harness: Harness;

beforeEach(async () => {
  // No retries here, so that each fault is seen once; retrying is tested on its own.
  harness = await startHarness({ connection: { retry: { attempts: 0, baseDelayMs: 1, maxDelayMs: 10 } } });
});

afterEach(async () => {
  await harness.close();
});

describe('envelope decides', () => {
  test('403 inside HTTP 200 on account info', async () => {
    harness.fake.fail('account/info', {
      kind: 'envelope',
      httpStatus: 200,
      status: 403,
      msg: 'Wrong API login or key',
    });
    const error = await rejectionOf(harness.client.accountInfo());

    expect(error.code).toBe('HOST_PERMISSION_DENIED');
    expect(error.name).toBe('HostPermissionError');
    expect(error.endpoint).toBe('account/info');
    expect(error.envelopeStatus).toBe(403);
    expect(error.httpStatus).toBe(200);
    expect(error.hostMessage).toBe('Wrong API login or key');
    expect(error.userMessage).toBe(
      'The host rejected your API login or key. Run /login to link your account again.',
    );
    expect(error.message).toBe('account/info: status 403 (HTTP 200): Wrong API login or key');
    expect(error.retryable).toBe(false);
  });

  test('wrong key', async () => {
    const client = harness.connection.forUser({ login: DISTINCT_LOGIN, key: 'WrongKey123' });
    const error = await rejectionOf(client.accountInfo());

    expect(error.code).toBe('HOST_PERMISSION_DENIED');
    expect(error.envelopeStatus).toBe(403);
    expectNoSecrets(error, [DISTINCT_LOGIN, 'WrongKey123']);
  });

  test('403 on a file endpoint names both causes', async () => {
    const other = harness.fake.addAccount();
    const theirs = harness.fake.addFile(other.login, { name: 'theirs.mp4' });
    const error = await rejectionOf(harness.client.converts(theirs));

    expect(error.code).toBe('HOST_PERMISSION_DENIED');
    expect(error.userMessage).toBe(
      'The host denied access. Either the file belongs to another account, or your API login or key is no longer valid; in that case run /login to link your account again.',
    );
  });

  test('200 envelope inside HTTP 500 is read as 200', async () => {
    harness.fake.fail('account/info', { kind: 'envelope', httpStatus: 500, status: 200, msg: 'OK' });
    const error = await rejectionOf(harness.client.accountInfo());

    // The fault's envelope carries a null result, so the schema, not the HTTP status, fails it.
    expect(error.code).toBe('HOST_INVALID_RESPONSE');
    expect(error).toHaveProperty('path', 'result');
  });

  test.each([
    [400, 'HOST_BAD_REQUEST', 'The host rejected the request: Wrong parameters'],
    [404, 'HOST_NOT_FOUND', 'The host found no such file or folder.'],
    [451, 'HOST_UNAVAILABLE_FOR_LEGAL_REASONS', 'The host has blocked this file for legal reasons.'],
    [500, 'HOST_SERVER_ERROR', 'The host reported an internal error. Try again in a few minutes.'],
    [503, 'HOST_SERVER_ERROR', 'The host reported an internal error. Try again in a few minutes.'],
    [429, 'HOST_RATE_LIMITED', 'The host is receiving too many requests. Try again in a minute.'],
  ])('envelope %i gives %s', async (status, code, userMessage) => {
    harness.fake.fail('file/listfolder', {
      kind: 'json-error',
      httpStatus: status,
      status,
      msg: 'Wrong parameters',
    });
    const error = await rejectionOf(harness.client.listFolder());

    expect(error.code).toBe(code);
    expect(error.envelopeStatus).toBe(status);
    expect(error.httpStatus).toBe(status);
    expect(error.hostMessage).toBe('Wrong parameters');
    expect(error.userMessage).toBe(userMessage);
  });

  test('bad request from the host itself', async () => {
    // The client never sends mode=2, so this reaches the fake's own parameter check through a fault.
    harness.fake.fail('file/converts', {
      kind: 'json-error',
      httpStatus: 200,
      status: 400,
      msg: 'Invalid output',
    });
    const error = await rejectionOf(harness.client.converts('FXSNPOKMT4'));

    expect(error.code).toBe('HOST_BAD_REQUEST');
    expect(error.message).toBe('file/converts: status 400 for file FXSNPOKMT4 (HTTP 200): Invalid output');
  });
});

describe('no envelope', () => {
  test('HTML 502 page is host unavailable', async () => {
    harness.fake.fail('account/info', { kind: 'html', httpStatus: 502 });
    const error = await rejectionOf(harness.client.accountInfo());

    expect(error.code).toBe('HOST_UNAVAILABLE');
    expect(error.httpStatus).toBe(502);
    expect(error.envelopeStatus).toBeNull();
    expect(error.bodyExcerpt).toBe('502 Bad Gateway 502 Bad Gateway nginx');
    expect(error.message).toBe(
      'account/info: host unavailable (HTTP 502): the body is not JSON: 502 Bad Gateway 502 Bad Gateway nginx',
    );
    expect(error.userMessage).toBe(
      'The host could not be reached or did not answer in time. Try again in a few minutes.',
    );
    expect(error.retryable).toBe(true);
  });

  test('malformed JSON with 200 is invalid response', async () => {
    harness.fake.fail('account/info', { kind: 'malformed' });
    const error = await rejectionOf(harness.client.accountInfo());

    expect(error.code).toBe('HOST_INVALID_RESPONSE');
    expect(error.httpStatus).toBe(200);
    expect(error).toHaveProperty('path', null);
    expect(error.bodyExcerpt).toBe('{"status":200,"msg":"OK","result":{"user_id":"1","user_');
    expect(error.retryable).toBe(false);
  });

  test('rate limit without envelope keeps Retry-After', async () => {
    harness.fake.fail('account/info', { kind: 'rate-limit', retryAfterSeconds: 30 });
    const error = await rejectionOf(harness.client.accountInfo());

    expect(error).toBeInstanceOf(HostRateLimitError);
    expect(error.code).toBe('HOST_RATE_LIMITED');
    expect((error as HostRateLimitError).retryAfterMs).toBe(30_000);
  });
});

describe('transport failures', () => {
  test('connection reset is host unavailable', async () => {
    harness.fake.fail('account/info', { kind: 'reset' });
    const error = await rejectionOf(harness.client.accountInfo());

    expect(error.code).toBe('HOST_UNAVAILABLE');
    expect(error.httpStatus).toBeNull();
    expect(error.message).toMatch(/^account\/info: host unavailable: connection failed: /);
    expectNoSecrets(error);
  });

  test('hanging host times out as host unavailable', async () => {
    await harness.close();
    harness = await startHarness({
      connection: {
        timeouts: { connectMs: 1000, headersMs: 400, bodyMs: 1000 },
        retry: { attempts: 0, baseDelayMs: 1, maxDelayMs: 10 },
      },
    });
    harness.fake.fail('account/info', { kind: 'hang' });

    const started = Date.now();
    const error = await rejectionOf(harness.client.accountInfo());

    expect(error.code).toBe('HOST_UNAVAILABLE');
    expect(error.message).toBe(
      'account/info: host unavailable: no response headers within 400 ms after the request was sent (UND_ERR_HEADERS_TIMEOUT)',
    );
    // undici checks its timers about once a second, so the timeout fires between 0.4 and about 1.5 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(Date.now() - started).toBeLessThan(5000);
    expectNoSecrets(error);
  });

  test('stalled body times out as host unavailable', async () => {
    await harness.close();
    harness = await startHarness({
      connection: {
        timeouts: { connectMs: 1000, headersMs: 1000, bodyMs: 400 },
        retry: { attempts: 0, baseDelayMs: 1, maxDelayMs: 10 },
      },
    });
    harness.fake.fail('account/info', { kind: 'slow-body', delayMs: 4000 });

    const error = await rejectionOf(harness.client.accountInfo());

    expect(error.code).toBe('HOST_UNAVAILABLE');
    expect(error.message).toContain('(UND_ERR_BODY_TIMEOUT)');
    expectNoSecrets(error);
  });

  test('slow body within the timeout succeeds', async () => {
    harness.fake.fail('account/info', { kind: 'slow-body', delayMs: 200 });

    expect(await harness.client.accountInfo()).toMatchObject({ email: `user-${DISTINCT_LOGIN}@example.com` });
  });

  test('connection refused is host unavailable', async () => {
    const closed = await startLocalServer(() => undefined);
    await closed.close();
    const connection = testConnection(
      { apiUrl: `${closed.origin}/v2`, uploadUrl: `${closed.origin}/bp/` },
      [],
      {
        retry: { attempts: 0, baseDelayMs: 1, maxDelayMs: 10 },
      },
    );

    const error = await rejectionOf(
      connection.forUser({ login: DISTINCT_LOGIN, key: DISTINCT_KEY }).accountInfo(),
    );
    await connection.destroy();

    expect(error.code).toBe('HOST_UNAVAILABLE');
    expect(error.message).toContain('ECONNREFUSED');
    expectNoSecrets(error);
  });
});

describe('secrets never in errors', () => {
  let echo: LocalServer;

  beforeEach(async () => {
    // A host that echoes the request URL everywhere it can: in msg, in HTML, in a result field.
    echo = await startLocalServer((req, res) => {
      const url = req.url ?? '';
      if (url.includes('account/info'))
        sendJson(res, { status: 403, msg: `Denied for ${url}`, result: null });
      else if (url.includes('listfolder'))
        sendJson(res, { status: 200, msg: 'OK', result: { folders: url, files: [] } });
      else if (url.includes('converts')) sendJson(res, `<html><body>Error at ${url}</body></html>`, 502);
      else sendJson(res, { status: 200, msg: 'OK', result: { [url]: { status: 500, msg: url } } });
    });
  });

  afterEach(async () => {
    await echo.close();
  });

  test('echoed URL is redacted everywhere', async () => {
    const connection = testConnection({ apiUrl: `${echo.origin}/v2`, uploadUrl: `${echo.origin}/bp/` }, [], {
      retry: { attempts: 0, baseDelayMs: 1, maxDelayMs: 10 },
    });
    const client = connection.forUser({ login: DISTINCT_LOGIN, key: DISTINCT_KEY });

    const denied = await rejectionOf(client.accountInfo());
    expect(denied.hostMessage).toBe('Denied for /v2/account/info?login=[redacted]&key=[redacted]');

    const invalid = await rejectionOf(client.listFolder());
    expect(invalid.code).toBe('HOST_INVALID_RESPONSE');

    const page = await rejectionOf(client.converts('FXSNPOKMT4'));
    expect(page.bodyExcerpt).toBe(
      'Error at /v2/file/converts?login=[redacted]&key=[redacted]&file=FXSNPOKMT4',
    );

    const entries = await client.fileInfo(['FXR1I5PIK1']);
    await connection.destroy();

    for (const error of [denied, invalid, page, ...entries.map((entry) => (entry.ok ? null : entry.error))]) {
      expect(error).not.toBeNull();
      expectNoSecrets(error);
    }
  });

  test('fake host errors hold no secret', async () => {
    const { fake, client } = harness;
    fake.fail('file/info', { kind: 'html', httpStatus: 502 });
    fake.fail('file/listfolder', { kind: 'malformed' });
    fake.fail('account/info', {
      kind: 'envelope',
      httpStatus: 200,
      status: 403,
      msg: 'Wrong API login or key',
    });

    const errors = [
      await rejectionOf(client.fileInfo(['FXR1I5PIK1'])),
      await rejectionOf(client.listFolder()),
      await rejectionOf(client.accountInfo()),
      await rejectionOf(client.converts('NOSUCH0001')),
    ];

    expect(errors.map((error) => error.code)).toEqual([
      'HOST_UNAVAILABLE',
      'HOST_INVALID_RESPONSE',
      'HOST_PERMISSION_DENIED',
      'HOST_NOT_FOUND',
    ]);
    for (const error of errors) expectNoSecrets(error);
    expect(requestsTo(fake, 'file/info')[0]?.query.key).toBe(DISTINCT_KEY);
  });
});
