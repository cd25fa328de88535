import type { Notice } from './notice.js';

/**
 * The watcher's only way to Discord. `src/discord/watch-notifier.ts`
 * implements it with discord.js; tests may implement it with anything.
 */

/** Where a notice goes. */
export interface NoticeDestination {
  channelId: string;
  /** Names and images allowed: an age-restricted channel or a DM. */
  detailed: boolean;
  /** The user's DM channel. */
  direct: boolean;
}

/** A file attached to the notice, such as the splash image. */
export interface NoticeFile {
  name: string;
  data: Buffer;
  contentType: string;
}

export interface NoticeTarget {
  userId: string;
  guildId: string | null;
  /** Null for the user's DM. */
  channelId: string | null;
}

export interface Notifier {
  /** The channel for `target`; throws a `NoticeDeliveryError` (`no-access`) when it is gone or hidden from the bot. */
  destination(target: NoticeTarget): Promise<NoticeDestination>;
  /** The user's DM channel. */
  directDestination(userId: string): Promise<NoticeDestination>;
  /**
   * Posts the notice with `nonce` enforced, so Discord returns the earlier
   * message instead of a second one when the same nonce was used within its
   * window. Returns the message ID.
   */
  send(channelId: string, notice: Notice, files: NoticeFile[], nonce: string): Promise<string>;
  /** The ID of the bot's own recent message in the channel whose footer carries `marker`, or null. */
  findByMarker(channelId: string, marker: string): Promise<string | null>;
}

/**
 * Why Discord refused a notice:
 * - `no-access`: the channel is gone or the bot may not see or post there (try the DM);
 * - `user-unreachable`: the user does not accept DMs from the bot;
 * - `rejected`: any other refusal (retrying the same request would fail the same way);
 * - `transient`: a server error, rate limit or network failure (retry later).
 */
export type NoticeFailure = 'no-access' | 'user-unreachable' | 'rejected' | 'transient';

export class NoticeDeliveryError extends Error {
  constructor(
    readonly failure: NoticeFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'NoticeDeliveryError';
  }
}
