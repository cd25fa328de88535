import {
  createServer,
  type IncomingMessage,
  request as httpRequest,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the proxy forwarded and whose response it keeps back. */
export interface HeldRequest {
  method: string;
  path: string;
  /** The upstream's status: the request was handled there, only the response is missing. */
  status: number;
}

/**
 * An HTTP proxy on 127.0.0.1 in front of another server. Requests matching
 * `hold` are forwarded, but their responses are never passed on, so a test
 * can kill the client while the server has handled the request and the
 * client has not learnt it. Everything else passes through.
 */
export class HoldingProxy {
  readonly held: HeldRequest[] = [];
  readonly #server: Server;
  readonly #target: URL;
  readonly #hold: (method: string, path: string) => boolean;
  #onHeld: Array<(held: HeldRequest) => void> = [];

  private constructor(server: Server, target: string, hold: (method: string, path: string) => boolean) {
    this.#server = server;
    this.#target = new URL(target);
    this.#hold = hold;
    server.on('request', (request, response) => this.#forward(request, response));
  }

  static async start(target: string, hold: (method: string, path: string) => boolean): Promise<HoldingProxy> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new HoldingProxy(server, target, hold);
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  /** Resolves with the first held request, past or future. */
  nextHeld(timeoutMs = 10_000): Promise<HeldRequest> {
    const first = this.held[0];
    if (first !== undefined) return Promise.resolve(first);

    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`No request held within ${timeoutMs} ms`)), timeoutMs);
      this.#onHeld.push((held) => {
        clearTimeout(timer);
        resolve(held);
      });
    });
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #forward(request: IncomingMessage, response: ServerResponse): void {
    const method = request.method ?? 'GET';
    const path = request.url ?? '/';
    const upstream = httpRequest(
      {
        host: this.#target.hostname,
        port: this.#target.port,
        method,
        path,
        headers: { ...request.headers, host: this.#target.host },
      },
      (answer) => {
        if (this.#hold(method, path)) {
          answer.resume();
          this.#keep({ method, path, status: answer.statusCode ?? 0 });
          return;
        }
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  }

  #keep(held: HeldRequest): void {
    this.held.push(held);
    const listeners = this.#onHeld;
    this.#onHeld = [];
    for (const listener of listeners) listener(held);
  }
}
