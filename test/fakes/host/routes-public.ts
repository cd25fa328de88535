/**
 * Pages outside the API that the API's results point at: the splash images
 * (`/thumb/<fileId>/<n>.jpg`) and the video pages (`/v/<ID>`). Neither needs
 * login or key, as public links on the host do not.
 */
import { sendBytes, type Exchange } from './exchange.js';
import type { HostRuntime } from './runtime.js';

const THUMB_PATTERN = /^\/thumb\/([A-Za-z0-9]{1,64})\/([0-9])\.jpg$/;
const PAGE_PATTERN = /^\/v\/([A-Za-z0-9]{1,64})$/;

export function sendNotFound(exchange: Exchange): void {
  sendBytes(exchange, 404, { 'content-type': 'text/plain; charset=utf-8' }, Buffer.from('Not found\n'));
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Serves the committed JPEG of splash `n` for any file of the fake. */
function serveSplashImage(exchange: Exchange, runtime: HostRuntime, fileId: string, index: number): void {
  const image = runtime.splashImages[index];
  if (image === undefined || runtime.model.findByLink(fileId) === undefined) {
    sendNotFound(exchange);
    return;
  }
  sendBytes(exchange, 200, { 'content-type': 'image/jpeg' }, image);
}

/** Serves a small HTML page for a file, by its own ID or the ID of its encoded file. */
function serveVideoPage(exchange: Exchange, runtime: HostRuntime, id: string): void {
  const file = runtime.model.findByLink(id);
  if (file === undefined) {
    sendNotFound(exchange);
    return;
  }

  const name = escapeHtml(file.name);
  const html = `<!doctype html>\n<html><head><meta charset="utf-8"><title>${name}</title></head>\n<body><h1>${name}</h1><p>Video ${id} on the fake host.</p></body></html>\n`;
  sendBytes(exchange, 200, { 'content-type': 'text/html; charset=utf-8' }, Buffer.from(html));
}

/** Serves a request outside the API; returns false when the path is not a public page. */
export function handlePublicPage(exchange: Exchange, runtime: HostRuntime): boolean {
  const { pathname } = exchange.url;

  const thumb = THUMB_PATTERN.exec(pathname);
  if (thumb !== null) {
    serveSplashImage(exchange, runtime, thumb[1] ?? '', Number(thumb[2]));
    return true;
  }

  const page = PAGE_PATTERN.exec(pathname);
  if (page !== null) {
    serveVideoPage(exchange, runtime, page[1] ?? '');
    return true;
  }

  return false;
}
