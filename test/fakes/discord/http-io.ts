import type { IncomingMessage, ServerResponse } from 'node:http';

import { DiscordErrors } from './errors.js';

/**
 * Reads a whole request body. Bodies past `maxBytes` are rejected with Discord's 413 "Request
 * entity too large" (code 40005) once the limit is crossed, without buffering the rest.
 */
export async function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;

  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    total += buffer.length;

    if (total > maxBytes) {
      throw DiscordErrors.requestEntityTooLarge();
    }

    chunks.push(buffer);
  }

  return Buffer.concat(chunks);
}

/** Sends a JSON body with the given status, as Discord does for every REST response that has a body. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);

  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** Sends 204 No Content, Discord's response to deletes and to callbacks that return nothing. */
export function sendNoContent(response: ServerResponse): void {
  response.writeHead(204);
  response.end();
}

/** Returns the first value of a query parameter, or undefined. */
export function queryValue(query: URLSearchParams, name: string): string | undefined {
  return query.get(name) ?? undefined;
}
