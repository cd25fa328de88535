import type { Logger } from '../logger.js';
import { buildNotice, type NoticeImage, noticeMarker } from './notice.js';
import {
  NoticeDeliveryError,
  type NoticeDestination,
  type NoticeFailure,
  type NoticeFile,
  type Notifier,
} from './notifier.js';
import type { Watch } from './watch-record.js';

/**
 * Sends a finished watch's notice so that a crash at any step leads to one
 * message, not two:
 *
 * 1. the record is set to `sending` (channel, nonce, first attempt's time)
 *    before any message request;
 * 2. the message goes out with the watch's nonce enforced, so Discord returns
 *    the first message instead of making a second one when the same nonce was
 *    used within its window (a few minutes);
 * 3. the record is set to `sent` with the message ID.
 *
 * A `sending` record found later (after a crash between 2 and 3, or a
 * timeout) is sent again with the same nonce while it is younger than
 * `nonceWindowMs`; an older one first searches the channel for the notice's
 * footer marker and records the message it finds. The search reads only the
 * channel's latest 100 messages, so a busy channel can still get a second one.
 */

/** Attempts at a notice that keeps failing for transient reasons before it is given up. */
export const MAX_NOTICE_ATTEMPTS = 6;

/**
 * How long after the first attempt a resend may rely on the nonce. Discord
 * documents only "a few minutes"; two minutes stays inside that.
 */
export const DEFAULT_NONCE_WINDOW_MS = 2 * 60_000;

export type DeliveryResult = 'sent' | 'undeliverable' | 'retry' | 'dropped';

export interface NoticeDeliveryDeps {
  notifier: Notifier;
  /**
   * Applies `change` to the stored watch inside its lock and returns the new
   * record, or undefined when the watch no longer exists (it was cancelled).
   */
  update(watch: Watch, change: (current: Watch) => Watch): Promise<Watch | undefined>;
  /** The splash image for a detailed notice: attached, as a URL, or none. */
  image(watch: Watch): Promise<{ image: NoticeImage | null; files: NoticeFile[] }>;
  logger: Logger;
  now: () => number;
  nonceWindowMs: number;
}

export async function deliverNotice(watch: Watch, deps: NoticeDeliveryDeps): Promise<DeliveryResult> {
  const notice = watch.notice;

  if (notice.state === 'sending') {
    if (deps.now() - notice.startedAt >= deps.nonceWindowMs) {
      const found = await searchSafely(notice.channelId, noticeMarker(watch), deps);
      if (found !== null) return markSent(watch, notice.channelId, found, 'search', deps);
    }
    return sendTo(watch, notice, deps);
  }

  if (notice.state !== 'pending') return 'dropped';

  let destination: NoticeDestination;
  try {
    destination = await resolveDestination(watch, deps);
  } catch (error) {
    return handleFailure(watch, error, deps);
  }
  return sendTo(watch, destination, deps);
}

async function resolveDestination(watch: Watch, deps: NoticeDeliveryDeps): Promise<NoticeDestination> {
  try {
    return await deps.notifier.destination(watch);
  } catch (error) {
    if (!(error instanceof NoticeDeliveryError) || error.failure !== 'no-access') throw error;
    deps.logger.info(
      { fileId: watch.fileId, userId: watch.userId, err: error },
      'notice channel unavailable; using DM',
    );
    return deps.notifier.directDestination(watch.userId);
  }
}

async function sendTo(
  watch: Watch,
  destination: NoticeDestination,
  deps: NoticeDeliveryDeps,
): Promise<DeliveryResult> {
  const { image, files } = destination.detailed ? await deps.image(watch) : { image: null, files: [] };
  const notice = buildNotice(watch, { detailed: destination.detailed, image });

  const sending = await deps.update(watch, (current) => withSending(current, destination, deps.now()));
  if (sending === undefined) return 'dropped';

  let messageId: string;
  try {
    messageId = await deps.notifier.send(destination.channelId, notice, files, sending.nonce);
  } catch (error) {
    if (failureOf(error) === 'no-access' && !destination.direct) {
      deps.logger.info(
        { fileId: watch.fileId, userId: watch.userId, err: error },
        'notice refused in channel; using DM',
      );
      return fallBackToDm(sending, deps);
    }
    return handleFailure(sending, error, deps);
  }

  return markSent(sending, destination.channelId, messageId, 'send', deps);
}

async function fallBackToDm(watch: Watch, deps: NoticeDeliveryDeps): Promise<DeliveryResult> {
  let direct: NoticeDestination;
  try {
    direct = await deps.notifier.directDestination(watch.userId);
  } catch (error) {
    return handleFailure(watch, error, deps);
  }
  return sendTo(watch, direct, deps);
}

/** Marks the notice `sending` to `destination`, keeping the first attempt's time when the channel is the same. */
function withSending(current: Watch, destination: NoticeDestination, now: number): Watch {
  const previous = current.notice;
  const sameChannel = previous.state === 'sending' && previous.channelId === destination.channelId;
  const attempts = previous.state === 'sending' || previous.state === 'pending' ? previous.attempts : 0;

  return {
    ...current,
    notice: {
      state: 'sending',
      channelId: destination.channelId,
      detailed: destination.detailed,
      direct: destination.direct,
      startedAt: sameChannel ? previous.startedAt : now,
      attempts: attempts + 1,
    },
  };
}

async function markSent(
  watch: Watch,
  channelId: string,
  messageId: string,
  via: 'send' | 'search',
  deps: NoticeDeliveryDeps,
): Promise<DeliveryResult> {
  const sentAt = deps.now();
  await deps.update(watch, (current) => ({
    ...current,
    notice: { state: 'sent', channelId, messageId, sentAt },
  }));

  deps.logger.info(
    {
      fileId: watch.fileId,
      userId: watch.userId,
      outcome: watch.finished?.outcome,
      channelId,
      messageId,
      via,
    },
    'watch notice sent',
  );
  return 'sent';
}

async function handleFailure(
  watch: Watch,
  error: unknown,
  deps: NoticeDeliveryDeps,
): Promise<DeliveryResult> {
  const failure = failureOf(error);
  const attempts =
    watch.notice.state === 'sending' || watch.notice.state === 'pending' ? watch.notice.attempts : 0;
  const fields = { fileId: watch.fileId, userId: watch.userId, attempts, failure, err: error };

  if (failure === 'transient' && attempts < MAX_NOTICE_ATTEMPTS) {
    deps.logger.warn(fields, 'watch notice failed; will retry');
    // A `sending` attempt was counted when it was recorded; one that failed before that is counted here.
    await deps.update(watch, (current) =>
      current.notice.state === 'pending'
        ? { ...current, notice: { state: 'pending', attempts: current.notice.attempts + 1 } }
        : current,
    );
    return 'retry';
  }

  deps.logger.warn(fields, 'watch notice undeliverable');
  const reason = `${failure}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200);
  await deps.update(watch, (current) => ({
    ...current,
    notice: { state: 'undeliverable', reason, at: deps.now() },
  }));
  return 'undeliverable';
}

async function searchSafely(
  channelId: string,
  marker: string,
  deps: NoticeDeliveryDeps,
): Promise<string | null> {
  try {
    return await deps.notifier.findByMarker(channelId, marker);
  } catch (error) {
    // Without the search the resend may duplicate a notice, but dropping it would lose the only one.
    deps.logger.warn({ channelId, err: error }, 'could not search the channel for an earlier notice');
    return null;
  }
}

function failureOf(error: unknown): NoticeFailure {
  return error instanceof NoticeDeliveryError ? error.failure : 'transient';
}
