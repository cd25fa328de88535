/**
 * A preload (`node --import <this file> <entry>`) that records when its process writes each
 * interaction callback (`POST /interactions/<id>/<token>/callback`) to the socket. It listens on
 * undici's `undici:client:sendHeaders` diagnostics channel, which every undici copy in the
 * process publishes to, discord.js's REST client included, just before the request's first write.
 * Over the IPC channel it replies to `deferrals` with the records made since the last such request,
 * as epoch milliseconds by interaction ID, and then clears them.
 */
import { subscribe } from 'node:diagnostics_channel';

export interface DeferralReport {
  type: 'deferrals';
  /** Pairs of interaction ID and the epoch milliseconds when its first callback was written. */
  sent: Array<[string, number]>;
}

const CALLBACK_PATH = /\/interactions\/(\d+)\/[^/]+\/callback(?:\?|$)/;

let sent = new Map<string, number>();

subscribe('undici:client:sendHeaders', (message) => {
  const path = (message as { request?: { path?: unknown } } | null)?.request?.path;
  if (typeof path !== 'string') return;

  const id = CALLBACK_PATH.exec(path)?.[1];
  if (id === undefined || sent.has(id)) return;

  sent.set(id, performance.timeOrigin + performance.now());
});

if (process.send !== undefined) {
  // The channel must not keep the process alive once it wants to exit.
  process.channel?.unref();

  process.on('message', (message: unknown) => {
    if ((message as { type?: unknown } | null)?.type !== 'deferrals') return;

    const report: DeferralReport = { type: 'deferrals', sent: [...sent] };
    sent = new Map();
    process.send?.(report);
  });
}
