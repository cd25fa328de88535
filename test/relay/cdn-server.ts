/**
 * A small HTTP server on 127.0.0.1 that replaces Discord's CDN in relay tests. Each path
 * gets a handler, so a test can serve exact bytes, lie about sizes, redirect or stall.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type CdnHandler = (request: IncomingMessage, response: ServerResponse) => void;

export class CdnServer {
  readonly origin: string;
  /** Paths requested, in order of arrival. */
  readonly requests: string[] = [];
  readonly #routes = new Map<string, CdnHandler>();

  private constructor(private readonly server: Server) {
    const { port } = server.address() as AddressInfo;
    this.origin = `http://127.0.0.1:${port}`;
    server.on('request', (request: IncomingMessage, response: ServerResponse) => {
      const path = new URL(request.url ?? '/', this.origin).pathname;
      this.requests.push(path);
      const handler = this.#routes.get(path);

      if (handler === undefined) {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('This content is no longer available.');
        return;
      }

      handler(request, response);
    });
  }

  static async start(): Promise<CdnServer> {
    const server = createServer();
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return new CdnServer(server);
  }

  /** Registers `handler` for `path` and returns the path's signed-looking URL. */
  route(path: string, handler: CdnHandler): string {
    this.#routes.set(path, handler);
    return `${this.origin}${path}?ex=6800aa00&is=67ff5880&hm=0123456789abcdef`;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }
}

/** Sends `bytes` in 64 KiB chunks, with a Content-Length unless `chunked` is set. */
export function sendBytes(
  bytes: Buffer,
  options: { chunked?: boolean; contentType?: string } = {},
): CdnHandler {
  return (_request, response) => {
    const headers: Record<string, string | number> = { 'content-type': options.contentType ?? 'video/mp4' };
    if (options.chunked !== true) headers['content-length'] = bytes.length;

    response.writeHead(200, headers);
    for (let offset = 0; offset < bytes.length; offset += 65_536) {
      response.write(bytes.subarray(offset, offset + 65_536));
    }
    response.end();
  };
}

/** Sends `firstBytes` bytes at once, then nothing until the client gives up or the server closes. */
export function stallAfter(firstBytes: number, declaredLength: number): CdnHandler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': declaredLength });
    response.write(Buffer.alloc(firstBytes, 7));
  };
}

export function redirectTo(location: string, status = 302): CdnHandler {
  return (_request, response) => {
    response.writeHead(status, { location }).end();
  };
}

export function respondWith(status: number, body = ''): CdnHandler {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'text/plain' }).end(body);
  };
}
