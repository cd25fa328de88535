import type { HostClient } from '../host/client.js';
import { fetchSplashImage, type SplashFetchOptions } from '../host/splash-image.js';
import type { Logger } from '../logger.js';
import type { NoticeImage } from './notice.js';
import type { NoticeFile } from './notifier.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RequestCounter } from './request-counter.js';
import type { Watch } from './watch-record.js';

export interface NoticeImageDeps {
  /** The user's host client, or null when the user has no credentials any more. */
  client: HostClient | null;
  limiter: RateLimiter;
  limiterKey: string;
  counter: RequestCounter;
  download: SplashFetchOptions;
  logger: Logger;
  /** Aborts the wait for the rate limit when the service stops. */
  signal: AbortSignal;
}

export interface NoticeImageResult {
  image: NoticeImage | null;
  files: NoticeFile[];
}

function noImage(): NoticeImageResult {
  return { image: null, files: [] };
}

/**
 * The splash image (index 0) for a notice, best first: downloaded and
 * attached; else its URL, when https; else none. Never throws: a notice
 * without its image beats no notice.
 */
export async function noticeImage(watch: Watch, deps: NoticeImageDeps): Promise<NoticeImageResult> {
  if (deps.client === null || watch.finished?.outcome === 'gone') return noImage();
  const fields = { fileId: watch.fileId, userId: watch.userId };

  let url: string | null;
  try {
    await deps.limiter.take(deps.limiterKey, deps.signal);
    deps.counter.count('file/getsplash');
    url = await deps.client.splash(watch.fileId, 0);
  } catch (error) {
    deps.logger.warn({ ...fields, err: error }, 'could not get the splash image URL; notice without image');
    return noImage();
  }
  if (url === null) return noImage();

  try {
    const file = await fetchSplashImage(url, deps.download);
    return { image: { kind: 'attachment', fileName: file.name }, files: [file] };
  } catch (error) {
    const fallback = url.startsWith('https://');
    deps.logger.info(
      { ...fields, err: error, fallback: fallback ? 'url' : 'none' },
      'splash download failed',
    );
    return fallback ? { image: { kind: 'url', url }, files: [] } : noImage();
  }
}
