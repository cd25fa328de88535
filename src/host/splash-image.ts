import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { Readable } from 'node:stream';
import { Agent, request } from 'undici';

/**
 * Fetches a splash image so that the bot can attach it to a message
 * (`attachment://`), which Discord shows even where the host's URL is plain
 * http, private or slow. Only the image types Discord previews are taken, up
 * to a size cap and within a time limit. Redirects are not followed. Every
 * failure throws a `SplashImageError`; the caller falls back to the URL or
 * to no image.
 */

/** Larger images are refused; Discord's smallest upload limit is 10 MiB. */
export const SPLASH_MAX_BYTES = 8 * 1024 * 1024;

/** The whole fetch, connection to last byte, in milliseconds. */
export const SPLASH_TIMEOUT_MS = 10_000;

const IMAGE_EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

export interface SplashImage {
  /** `splash.jpg`, `splash.png`, ... by content type: the name `attachment://` refers to. */
  name: string;
  contentType: string;
  data: Buffer;
}

export interface SplashFetchOptions {
  /** Fetch http URLs too; production takes https only. */
  allowHttp: boolean;
  /**
   * Connect to loopback, private and link-local addresses. Only for tests and
   * the demo, whose host runs on 127.0.0.1: in production a URL from the host
   * must not make the bot reach its own network or a cloud metadata service.
   */
  allowPrivateAddresses: boolean;
  maxBytes?: number;
  timeoutMs?: number;
}

export class SplashImageError extends Error {
  override readonly name = 'SplashImageError';
}

/** Returns whether the fetcher may try `url` at all: https, or http where allowed. */
export function isFetchableSplashUrl(url: string, allowHttp: boolean): boolean {
  if (!URL.canParse(url)) return false;

  const { protocol } = new URL(url);
  return protocol === 'https:' || (allowHttp && protocol === 'http:');
}

export async function fetchSplashImage(url: string, options: SplashFetchOptions): Promise<SplashImage> {
  if (!isFetchableSplashUrl(url, options.allowHttp)) {
    throw new SplashImageError('the splash URL is not https (or http where allowed)');
  }

  const parsed = new URL(url);
  const hostname = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateAddresses && isIP(hostname) !== 0 && isPrivateAddress(hostname)) {
    throw new SplashImageError(`the splash URL points at a private address (${hostname})`);
  }

  const maxBytes = options.maxBytes ?? SPLASH_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? SPLASH_TIMEOUT_MS;
  const agent = new Agent({
    connect: {
      timeout: timeoutMs,
      ...(options.allowPrivateAddresses ? {} : { lookup: publicOnlyLookup }),
    },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });

  try {
    return await download(parsed, agent, maxBytes, timeoutMs);
  } catch (error) {
    if (error instanceof SplashImageError) throw error;
    throw new SplashImageError(`fetching the splash image failed: ${describe(error)}`);
  } finally {
    await agent.destroy();
  }
}

async function download(url: URL, agent: Agent, maxBytes: number, timeoutMs: number): Promise<SplashImage> {
  const response = await request(url, {
    dispatcher: agent,
    method: 'GET',
    headers: { accept: Object.keys(IMAGE_EXTENSIONS).join(', ') },
    signal: AbortSignal.timeout(timeoutMs),
  });

  const contentType = (String(response.headers['content-type'] ?? '').split(';')[0] ?? '')
    .trim()
    .toLowerCase();
  const extension = IMAGE_EXTENSIONS[contentType];
  const declaredLength = Number(response.headers['content-length'] ?? NaN);

  if (response.statusCode !== 200 || extension === undefined || declaredLength > maxBytes) {
    discard(response.body);
    throw new SplashImageError(
      `the splash URL returned HTTP ${response.statusCode}, type "${contentType.slice(0, 64)}", ` +
        `${Number.isFinite(declaredLength) ? `${declaredLength} bytes` : 'unknown length'}`,
    );
  }

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    if (size > maxBytes) {
      discard(response.body);
      throw new SplashImageError(`the splash image is larger than ${maxBytes} bytes`);
    }
    chunks.push(bytes);
  }

  return { name: `splash.${extension}`, contentType, data: Buffer.concat(chunks) };
}

/** Loopback, private, link-local, shared, multicast and reserved ranges, IPv4 and IPv6. */
const PRIVATE_RANGES = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  PRIVATE_RANGES.addSubnet(network, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  // An IPv4 address written as IPv6 (::ffff:10.0.0.1) is checked as the IPv4 address it is.
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address)?.[1];
  if (mapped !== undefined) return PRIVATE_RANGES.check(mapped, 'ipv4');
  if (/^::ffff:/i.test(address)) return true;

  const family = isIP(address);
  if (family === 0) return true;
  return PRIVATE_RANGES.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** `dns.lookup` that fails when any address of the name is private, so the socket never connects to one. */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error !== null) {
      callback(error, '', 0);
      return;
    }

    const blocked = addresses.find((entry) => isPrivateAddress(entry.address));
    if (blocked !== undefined || addresses.length === 0) {
      const reason = blocked === undefined ? 'no address' : `private address ${blocked.address}`;
      callback(new SplashImageError(`${hostname} resolves to ${reason}`), '', 0);
      return;
    }

    if (options.all === true) {
      (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
      return;
    }
    const [first] = addresses as [LookupAddress];
    callback(null, first.address, first.family);
  });
};

/** Stops reading a body that is not wanted. */
function discard(body: Readable): void {
  // Destroying the body makes undici emit an abort error on it; the fetch has failed already, so it is dropped.
  body.on('error', () => undefined);
  body.destroy();
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.name === 'Error' ? error.message : `${error.name}: ${error.message}`;
}
