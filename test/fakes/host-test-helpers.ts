/** HTTP helpers for the tests of the fake host: plain undici calls, nothing of the bot's own client. */
import { createHash } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { fetch, FormData, request } from 'undici';

import type { FakeAccount, FakeHost } from './host/fake-host.js';

export interface Envelope {
  status: number;
  msg: string;
  result: unknown;
}

export interface RawResponse {
  httpStatus: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface ApiResponse extends RawResponse {
  envelope: Envelope;
}

export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

export function sha1Hex(bytes: Buffer | string): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** Creates a clock that tests move by hand, for `FakeHost.start({ now })`. */
export function manualClock(startMs = Date.UTC(2025, 0, 15, 12, 0, 0)): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let current = startMs;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
  };
}

export async function getRaw(url: string, method: 'GET' | 'POST' = 'GET'): Promise<RawResponse> {
  const response = await request(url, { method });
  return { httpStatus: response.statusCode, headers: response.headers, text: await response.body.text() };
}

function parseEnvelope(raw: RawResponse): ApiResponse {
  return { ...raw, envelope: JSON.parse(raw.text) as Envelope };
}

/** Calls `{api}/<endpoint>` with the account's login and key followed by `params`. */
export async function apiGet(
  host: FakeHost,
  endpoint: string,
  params: Record<string, string> = {},
  account: FakeAccount = host.exampleAccount,
): Promise<ApiResponse> {
  const query = new URLSearchParams({ login: account.login, key: account.key, ...params });
  return parseEnvelope(await getRaw(`${host.apiUrl}/${endpoint}?${query}`));
}

/** Builds `{upload}?...` from the given parameters (login and key only when given). */
export function uploadQuery(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

export function credentials(account: FakeAccount): Record<string, string> {
  return { login: account.login, key: account.key };
}

/** POSTs one file as multipart/form-data, streamed from disk, in the field `field` (default `file`). */
export async function postFile(
  url: string,
  file: { path: string; name: string } | { bytes: Buffer; name: string },
  field = 'file',
): Promise<ApiResponse> {
  const blob = 'path' in file ? await openAsBlob(file.path) : new Blob([file.bytes]);
  const form = new FormData();
  form.append(field, blob, file.name);

  const response = await fetch(url, { method: 'POST', body: form });
  const headers = Object.fromEntries(response.headers.entries());
  return parseEnvelope({ httpStatus: response.status, headers, text: await response.text() });
}

/** Requests a ticket from the upload URL and POSTs the file to it; returns both responses. */
export async function uploadWithTicket(
  host: FakeHost,
  params: Record<string, string>,
  file: { path: string; name: string } | { bytes: Buffer; name: string },
): Promise<{ ticket: ApiResponse; upload: ApiResponse }> {
  const ticket = parseEnvelope(await getRaw(`${host.uploadUrl}?${uploadQuery(params)}`));
  const { url } = ticket.envelope.result as { url: string };
  return { ticket, upload: await postFile(url, file) };
}
