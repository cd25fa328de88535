import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { HostConnection } from '../../src/host/connection.js';
import { HostHttp } from '../../src/host/http.js';
import { HostUrls } from '../../src/host/request-url.js';
import { makeTempDir } from '../support/temp-dir.js';
import { writeRandomFile, type TestFile } from './support/files.js';
import {
  DISTINCT_KEY,
  DISTINCT_LOGIN,
  expectNoSecrets,
  rejectionOf,
  testConnection,
} from './support/harness.js';
import { drain, sendJson, startLocalServer, type LocalServer } from './support/local-server.js';

/**
 * Upload cases the fake host does not model, against bare servers: a slow reader, a server that
 * hangs after the body, a 405 page, an expired ticket, and a response that names no file.
 */

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let file: TestFile;
let smallFile: TestFile;
let server: LocalServer | undefined;
let connection: HostConnection | undefined;

beforeAll(async () => {
  temp = await makeTempDir('host-upload-transport');
  file = await writeRandomFile(temp.dir, 'clip.bin', 8 * 1024 * 1024);
  smallFile = await writeRandomFile(temp.dir, 'small.bin', 64 * 1024);
});

afterAll(async () => {
  await temp.remove();
});

afterEach(async () => {
  await connection?.destroy();
  await server?.close();
  connection = undefined;
  server = undefined;
});

const HEADERS_MS = 500;

async function clientFor(handle: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>) {
  server = await startLocalServer(handle);
  connection = testConnection({ apiUrl: `${server.origin}/v2`, uploadUrl: `${server.origin}/bp/` }, [], {
    timeouts: { connectMs: 1000, headersMs: HEADERS_MS, bodyMs: 1000 },
  });
  return connection.forUser({ login: DISTINCT_LOGIN, key: DISTINCT_KEY });
}

/** Sends the direct style's response to the ticket request. */
function noTicket(res: ServerResponse): void {
  sendJson(res, { status: 400, msg: 'No file was uploaded', result: null });
}

test('slow reader is not cut by the headers timeout', async () => {
  let received = 0;
  const client = await clientFor((req, res) => {
    if (req.method === 'GET') return noTicket(res);

    // Read about 64 KiB every 20 ms: 8 MiB takes well over the 500 ms headers timeout.
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      req.pause();
      setTimeout(() => req.resume(), 20);
    });
    req.on('end', () => sendJson(res, { status: 200, msg: 'OK', result: { id: 'SLOW000001' } }));
  });

  const started = Date.now();
  const result = await client.upload({ path: file.path, name: 'clip.mp4', size: file.size });

  expect(result).toEqual({ fileId: 'SLOW000001', link: null, resolvedBy: 'id' });
  expect(received).toBeGreaterThan(file.size);
  // The case only proves something if the body took longer than the headers timeout.
  expect(Date.now() - started).toBeGreaterThan(2 * HEADERS_MS);
});

test('server hanging after the body times out', async () => {
  const client = await clientFor(async (req, res) => {
    if (req.method === 'GET') return noTicket(res);
    await drain(req);
  });

  const error = await rejectionOf(
    client.upload({ path: smallFile.path, name: 'clip.mp4', size: smallFile.size }),
  );

  // 500 ms plus the time 128 KiB/s needs for the 64 KiB body and its multipart framing.
  expect(error.code).toBe('HOST_UNAVAILABLE');
  expect(error.message).toBe(
    'upload: host unavailable: no response headers within 1002 ms after the request was sent (UND_ERR_HEADERS_TIMEOUT)',
  );
  expect(server?.requests.map((request) => request.method)).toEqual(['GET', 'POST']);
  expectNoSecrets(error);
});

test('405 page means direct upload; its 502 is not retried', async () => {
  const client = await clientFor(async (req, res) => {
    await drain(req);
    const status = req.method === 'GET' ? 405 : 502;
    res.writeHead(status, { 'content-type': 'text/html' });
    res.end(`<html><body><h1>${status}</h1></body></html>`);
  });

  const error = await rejectionOf(client.upload({ path: file.path, name: 'clip.mp4', size: file.size }));

  expect(error.code).toBe('HOST_UNAVAILABLE');
  expect(error.httpStatus).toBe(502);
  expect(server?.requests.map((request) => request.method)).toEqual(['GET', 'POST']);
  expect(server?.requests[1]?.url).toBe(`/bp/?login=${DISTINCT_LOGIN}&key=${DISTINCT_KEY}`);
});

test('ticket expired when issued is refused', async () => {
  const client = await clientFor((req, res) => {
    sendJson(res, {
      status: 200,
      msg: 'OK',
      result: { url: `${server?.origin}/ul/abc`, valid_until: '2015-01-09 00:02:50' },
    });
  });

  const error = await rejectionOf(client.upload({ path: file.path, name: 'clip.mp4', size: file.size }));

  expect(error.code).toBe('HOST_INVALID_RESPONSE');
  expect(error).toHaveProperty('path', 'result.valid_until');
  expect(server?.requests.map((request) => request.method)).toEqual(['GET']);
});

test('ticket URL gets the file without credentials', async () => {
  const client = await clientFor(async (req, res) => {
    if (req.method === 'GET') {
      const validUntil = new Date(Date.now() + 3600_000).toISOString().slice(0, 19).replace('T', ' ');
      return sendJson(res, {
        status: 200,
        msg: 'OK',
        result: { url: `${server?.origin}/ul/tok3n`, valid_until: validUntil },
      });
    }
    await drain(req);
    sendJson(res, { status: 200, msg: 'OK', result: 'https://www.example.com/v/TICKET0001' });
  });

  const result = await client.upload({ path: file.path, name: 'clip.mp4', size: file.size });

  expect(result).toEqual({
    fileId: 'TICKET0001',
    link: 'https://www.example.com/v/TICKET0001',
    resolvedBy: 'link',
  });
  expect(server?.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
    `GET /bp/?login=${DISTINCT_LOGIN}&key=${DISTINCT_KEY}`,
    'POST /ul/tok3n',
  ]);
});

test('file not found after upload is not retryable', async () => {
  const client = await clientFor(async (req, res) => {
    if (req.url?.startsWith('/v2/file/listfolder'))
      return sendJson(res, { status: 200, msg: 'OK', result: { folders: {}, files: [] } });
    if (req.method === 'GET') return noTicket(res);
    await drain(req);
    sendJson(res, { status: 200, msg: 'OK', result: true });
  });

  const error = await rejectionOf(client.upload({ path: file.path, name: 'clip.mp4', size: file.size }));

  expect(error.code).toBe('HOST_INVALID_RESPONSE');
  expect(error.retryable).toBe(false);
  expect(error.userMessage).toBe(
    'The host accepted the upload, but the bot could not find the new file. Check your recent files with /folder.',
  );
  expect(server?.requests.map((request) => request.method)).toEqual(['GET', 'POST', 'GET']);
});

test('slow body producer is not cut by the headers timeout', async () => {
  server = await startLocalServer(async (req, res) => {
    const bytes = await drain(req);
    sendJson(res, { status: 200, msg: 'OK', result: { id: `GOT${bytes}` } });
  });
  const agent = new Agent({ headersTimeout: 300 });
  const http = new HostHttp({
    dispatcher: agent,
    policy: { attempts: 0, baseDelayMs: 1, maxDelayMs: 1 },
    timeouts: { connectMs: 1000, headersMs: 300, bodyMs: 1000 },
  });

  // 40 pieces of 1 KiB, 50 ms apart: 2 s of sending against a headers timeout of 300 ms plus
  // 313 ms for 40 KiB, which undici counts only from the last byte.
  async function* slowly(): AsyncGenerator<Uint8Array> {
    for (let piece = 0; piece < 40; piece += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      yield Buffer.alloc(1024, piece);
    }
  }
  const url = new HostUrls(new URL(`${server.origin}/v2`), new URL(`${server.origin}/bp/`)).upload(
    { login: DISTINCT_LOGIN, key: DISTINCT_KEY },
    {},
  );

  const result = await http.postOnce({
    endpoint: 'upload',
    url,
    secrets: [],
    headers: { 'content-type': 'application/octet-stream' },
    body: slowly(),
    bodyBytes: 40 * 1024,
  });
  await agent.close();

  expect(result).toEqual({ id: 'GOT40960' });
});
