import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { FakeHost } from './host/fake-host.js';
import { apiGet, credentials, fixturePath, getRaw, postFile, uploadQuery } from './host-test-helpers.js';

let host: FakeHost;
let accountInfoUrl: string;

beforeEach(async () => {
  host = await FakeHost.start();
  const { login, key } = host.exampleAccount;
  accountInfoUrl = `${host.apiUrl}/account/info?login=${login}&key=${key}`;
});

afterEach(async () => {
  await host.close();
});

describe('faults', () => {
  it('json-error sends its status in HTTP and envelope', async () => {
    host.fail('account/info', { kind: 'json-error', httpStatus: 503, status: 503, msg: 'Maintenance' });
    const faulted = await getRaw(accountInfoUrl);
    const next = await getRaw(accountInfoUrl);

    expect(faulted.httpStatus).toBe(503);
    expect(faulted.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(faulted.text)).toEqual({ status: 503, msg: 'Maintenance', result: null });
    expect(next.httpStatus).toBe(200);
    expect(JSON.parse(next.text).status).toBe(200);
  });

  it('html sends an HTML error page', async () => {
    host.fail('file/info', { kind: 'html', httpStatus: 502 });
    const response = await getRaw(`${host.apiUrl}/file/info`);

    expect(response.httpStatus).toBe(502);
    expect(response.headers['content-type']).toBe('text/html');
    expect(response.text).toContain('<title>502 Bad Gateway</title>');
    expect(() => JSON.parse(response.text)).toThrow(SyntaxError);
  });

  it('hang sends no response', async () => {
    host.fail('file/converts', { kind: 'hang' });
    const pending = request(`${host.apiUrl}/file/converts`, { headersTimeout: 300 });

    await expect(pending).rejects.toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
    expect(host.requests[0]).toMatchObject({ endpoint: 'file/converts', httpStatus: 0 });
  });

  it('close ends a hanging request', async () => {
    host.fail('account/info', { kind: 'hang' });
    const pending = request(accountInfoUrl).catch((error: unknown) => error);
    await waitFor(() => host.requests.length === 1);

    await host.close();

    expect(await pending).toBeInstanceOf(Error);
  });

  it('slow-body delays all but one byte', async () => {
    host.fail('account/info', { kind: 'slow-body', delayMs: 300 });
    const response = await request(accountInfoUrl);
    const headersAt = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of response.body) {
      chunks.push(chunk as Buffer);
    }
    const waitedMs = Date.now() - headersAt;
    const normal = await getRaw(accountInfoUrl);

    expect(response.statusCode).toBe(200);
    expect(chunks[0]?.toString()).toBe('{');
    expect(Buffer.concat(chunks).toString()).toBe(normal.text);
    expect(waitedMs).toBeGreaterThanOrEqual(250);
  });

  it('malformed sends HTTP 200 with broken JSON', async () => {
    host.fail('account/info', { kind: 'malformed' });
    const response = await getRaw(accountInfoUrl);

    expect(response.httpStatus).toBe(200);
    expect(() => JSON.parse(response.text)).toThrow(SyntaxError);
  });

  it.each([
    [200, 403, 'Permission denied'],
    [500, 200, 'OK'],
  ])('envelope sends HTTP %i with envelope %i', async (httpStatus, status, msg) => {
    host.fail('account/info', { kind: 'envelope', httpStatus, status, msg });
    const response = await getRaw(accountInfoUrl);

    expect(response.httpStatus).toBe(httpStatus);
    expect(JSON.parse(response.text)).toEqual({ status, msg, result: null });
  });

  it('rate-limit sends 429 with Retry-After', async () => {
    host.fail('file/listfolder', { kind: 'rate-limit', retryAfterSeconds: 7 });
    const response = await apiGet(host, 'file/listfolder');

    expect(response.httpStatus).toBe(429);
    expect(response.headers['retry-after']).toBe('7');
    expect(response.envelope).toEqual({ status: 429, msg: 'Too many requests', result: null });
  });

  it('reset destroys the connection', async () => {
    host.fail('file/getsplash', { kind: 'reset' });

    await expect(request(`${host.apiUrl}/file/getsplash`)).rejects.toThrow();
    expect(host.requests[0]).toMatchObject({ endpoint: 'file/getsplash', httpStatus: 0 });
  });

  it('applies a fault the given number of times', async () => {
    host.fail('account/info', { kind: 'json-error', httpStatus: 500, status: 500, msg: 'Busy' }, 2);
    const statuses = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await getRaw(accountInfoUrl)).httpStatus);
    }

    expect(statuses).toEqual([500, 500, 200]);
  });

  it('clearFaults drops queued faults', async () => {
    host.fail('account/info', { kind: 'reset' }, 3);
    host.clearFaults();

    expect((await getRaw(accountInfoUrl)).httpStatus).toBe(200);
  });

  it('touches only the faulted endpoint', async () => {
    host.fail('file/info', { kind: 'reset' });

    expect((await getRaw(accountInfoUrl)).httpStatus).toBe(200);
  });

  it('upload/ticket fault reads the body and keeps the ticket', async () => {
    const account = host.addAccount();
    const ticket = await getRaw(`${host.uploadUrl}?${uploadQuery(credentials(account))}`);
    const { url } = (JSON.parse(ticket.text) as { result: { url: string } }).result;
    const file = { path: fixturePath('testsrc-640x360.mp4'), name: 'clip.mp4' };
    host.fail('upload/ticket', { kind: 'json-error', httpStatus: 503, status: 503, msg: 'Storage offline' });

    const faulted = await postFile(url, file);
    const retried = await postFile(url, file);

    expect(faulted.httpStatus).toBe(503);
    expect(faulted.envelope.msg).toBe('Storage offline');
    expect(retried.envelope.status).toBe(200);
    expect(host.uploads()).toHaveLength(1);
  });

  it('upload fault applies to the ticket request', async () => {
    host.fail('upload', { kind: 'rate-limit', retryAfterSeconds: 1 });
    const response = await getRaw(`${host.uploadUrl}?${uploadQuery(credentials(host.addAccount()))}`);

    expect(response.httpStatus).toBe(429);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let attempt = 0; attempt < 100 && !condition(); attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  expect(condition()).toBe(true);
}
