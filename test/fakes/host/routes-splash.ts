import { requireAccount, requireFileIdParameter, requireOwnFile } from './access.js';
import { sendError, type Exchange } from './exchange.js';
import type { FileRecord } from './model.js';
import type { HostRuntime } from './runtime.js';
import { sendResult } from './send-result.js';
import { SPLASH_COUNT } from './splash-images.js';

/** Returns the path of splash `index` of a file on the fake, served by the image route. */
export function splashPath(fileId: string, index: number): string {
  return `/thumb/${fileId}/${index}.jpg`;
}

/** Returns what `file/getsplash` reports: an override, false for an upload that is not a video, or an image URL. */
function splashResult(runtime: HostRuntime, file: FileRecord, index: number): string | false {
  if (file.splashOverride !== null) {
    return file.splashOverride;
  }
  if (!file.encoding.isVideo) {
    return false;
  }
  if (index === 0 && file.mainSplashUrl !== null) {
    return file.mainSplashUrl;
  }
  return runtime.origin + splashPath(file.id, index);
}

/** `file/getsplash`: the URL of splash `splash` (0, the default, is the big thumbnail; 1 to 5 the tileset). */
export function handleGetSplash(exchange: Exchange, runtime: HostRuntime): void {
  const account = requireAccount(exchange, runtime);
  if (account === undefined) {
    return;
  }

  const splash = exchange.query.splash ?? '';
  const index = splash === '' ? 0 : Number(splash);
  if (!/^[0-9]$/.test(splash || '0') || index >= SPLASH_COUNT) {
    sendError(exchange, 400, `Invalid splash: ${splash.slice(0, 32)} (expected 0 to ${SPLASH_COUNT - 1})`);
    return;
  }

  const fileId = requireFileIdParameter(exchange);
  const file = fileId === undefined ? undefined : requireOwnFile(exchange, runtime, account, fileId);
  if (file === undefined) {
    return;
  }

  sendResult(exchange, runtime, splashResult(runtime, file, index));
}
