import { once } from 'node:events';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SplashImageError,
  fetchSplashImage,
  isFetchableSplashUrl,
  isPrivateAddress,
} from '../../src/host/splash-image.js';

type Route = (response: ServerResponse) => void;

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 0xff, 0xd9]);

const routes: Record<string, Route> = {
  '/image.jpg': (response) => {
    response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': JPEG.length });
    response.end(JPEG);
  },
  '/image.png': (response) => {
    response.writeHead(200, { 'content-type': 'image/png; charset=binary' });
    response.end(JPEG);
  },
  '/page.html': (response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<html></html>');
  },
  '/declared-large.jpg': (response) => {
    response.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': 2048 });
    response.end(Buffer.alloc(2048));
  },
  '/streamed-large.jpg': (response) => {
    // No content-length: the size is only known while reading.
    response.writeHead(200, { 'content-type': 'image/jpeg' });
    for (let chunk = 0; chunk < 4; chunk += 1) response.write(Buffer.alloc(512));
    response.end();
  },
  '/missing.jpg': (response) => {
    response.writeHead(404, { 'content-type': 'image/jpeg' });
    response.end();
  },
  '/redirect.jpg': (response) => {
    response.writeHead(302, { location: '/image.jpg' });
    response.end();
  },
  '/stalled.jpg': (response) => {
    response.writeHead(200, { 'content-type': 'image/jpeg' });
    response.write(JPEG.subarray(0, 2));
  },
};

describe('fetchSplashImage', () => {
  let server: Server;
  let origin: string;
  const local = { allowHttp: true, allowPrivateAddresses: true, maxBytes: 1024, timeoutMs: 500 };

  beforeAll(async () => {
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      const route = routes[request.url ?? ''];
      if (route === undefined) {
        response.writeHead(404).end();
        return;
      }
      route(response);
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('returns the bytes and names the file by its type', async () => {
    const image = await fetchSplashImage(`${origin}/image.jpg`, local);

    expect(image.name).toBe('splash.jpg');
    expect(image.contentType).toBe('image/jpeg');
    expect(image.data.equals(JPEG)).toBe(true);
  });

  it('reads the type without its parameters', async () => {
    expect((await fetchSplashImage(`${origin}/image.png`, local)).name).toBe('splash.png');
  });

  it.each([
    ['a page that is not an image', '/page.html', /type "text\/html"/],
    ['an image declared larger than the cap', '/declared-large.jpg', /2048 bytes/],
    ['an image that grows past the cap', '/streamed-large.jpg', /larger than 1024 bytes/],
    ['a missing image', '/missing.jpg', /HTTP 404/],
    ['a redirect', '/redirect.jpg', /HTTP 302/],
    ['a body that stalls', '/stalled.jpg', /failed/],
  ])('refuses %s', async (_case, path, message) => {
    const error = await fetchSplashImage(`${origin}${path}`, local).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(SplashImageError);
    expect((error as Error).message).toMatch(message);
  });

  it('fetches no http URL unless http is allowed', async () => {
    await expect(fetchSplashImage(`${origin}/image.jpg`, { ...local, allowHttp: false })).rejects.toThrow(
      /not https/,
    );
    expect(isFetchableSplashUrl('http://h.example/a.jpg', false)).toBe(false);
    expect(isFetchableSplashUrl('https://h.example/a.jpg', false)).toBe(true);
    expect(isFetchableSplashUrl('ftp://h.example/a.jpg', true)).toBe(false);
  });

  it('connects to no private address unless allowed', async () => {
    const strict = { ...local, allowPrivateAddresses: false };
    const port = (server.address() as AddressInfo).port;

    await expect(fetchSplashImage(`${origin}/image.jpg`, strict)).rejects.toThrow(
      /private address \(127\.0\.0\.1\)/,
    );
    await expect(fetchSplashImage(`http://localhost:${port}/image.jpg`, strict)).rejects.toThrow(
      /resolves to private address/,
    );
  });

  it.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['169.254.169.254', true],
    ['172.20.0.1', true],
    ['192.168.1.1', true],
    ['100.64.0.1', true],
    ['::1', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['8.8.8.8', false],
    ['2001:4860:4860::8888', false],
    ['not an address', true],
  ])('treats %s as private: %s', (address, expected) => {
    expect(isPrivateAddress(address)).toBe(expected);
  });
});
