import { type Client, DiscordAPIError, makeURLSearchParams, Routes } from 'discord.js';
import { type APIMessage, RESTJSONErrorCodes } from 'discord-api-types/v10';
import type { Notice } from '../watch/notice.js';
import {
  NoticeDeliveryError,
  type NoticeDestination,
  type NoticeFile,
  type NoticeTarget,
  type Notifier,
} from '../watch/notifier.js';
import { allowsAdultContent } from './age-restriction.js';
import { watchNoticeMessage } from './watch-notice-message.js';

/** Refusals after which the notice goes to the user's DM instead: the channel is gone, hidden, or closed to the bot. */
const NO_ACCESS_CODES = new Set<number | string>([
  RESTJSONErrorCodes.UnknownChannel,
  RESTJSONErrorCodes.MissingAccess,
  RESTJSONErrorCodes.MissingPermissions,
]);

const USER_UNREACHABLE_CODES = new Set<number | string>([
  RESTJSONErrorCodes.CannotSendMessagesToThisUser,
  RESTJSONErrorCodes.UnknownUser,
]);

/** Messages the search reads, newest first: one page, Discord's maximum. */
const SEARCH_LIMIT = 100;

/**
 * The watcher's notifier on discord.js. Messages go out through the REST
 * client, so the body (nonce, `enforce_nonce`, attachments) is exactly the
 * API's; Discord errors become `NoticeDeliveryError`s the watcher can act on.
 */
export class DiscordWatchNotifier implements Notifier {
  constructor(
    private readonly client: Client,
    /** The host's API URL, from which a file page link is built when the host gave none. */
    private readonly apiUrl: string,
  ) {}

  async destination(target: NoticeTarget): Promise<NoticeDestination> {
    const channelId = target.channelId;
    if (channelId === null) return this.directDestination(target.userId);

    const channel = await callDiscord(() => this.client.channels.fetch(channelId));
    if (channel === null) throw new NoticeDeliveryError('no-access', `Channel ${channelId} was not found`);
    if (channel.isDMBased()) return { channelId: channel.id, detailed: true, direct: true };

    const detailed = await allowsAdultContent(channel, (id) =>
      this.client.channels.fetch(id).catch(() => {
        // A parent the bot cannot fetch counts as not age-restricted: the notice is then text-only.
        return null;
      }),
    );
    return { channelId: channel.id, detailed, direct: false };
  }

  async directDestination(userId: string): Promise<NoticeDestination> {
    const channel = await callDiscord(() => this.client.users.createDM(userId));
    return { channelId: channel.id, detailed: true, direct: true };
  }

  async send(channelId: string, notice: Notice, files: NoticeFile[], nonce: string): Promise<string> {
    const body = watchNoticeMessage(notice, files, nonce, this.apiUrl);
    const rawFiles = files.map((file) => ({
      name: file.name,
      data: file.data,
      contentType: file.contentType,
    }));

    const message = (await callDiscord(() =>
      this.client.rest.post(Routes.channelMessages(channelId), { body, files: rawFiles }),
    )) as APIMessage;
    return message.id;
  }

  // NOTE: only the latest 100 messages are read; in a busy channel an older notice is not found.
  async findByMarker(channelId: string, marker: string): Promise<string | null> {
    const messages = (await callDiscord(() =>
      this.client.rest.get(Routes.channelMessages(channelId), {
        query: makeURLSearchParams({ limit: SEARCH_LIMIT }),
      }),
    )) as APIMessage[];

    const botId = this.client.user?.id;
    const found = messages.find(
      (message) =>
        message.author.id === botId && message.embeds.some((embed) => embed.footer?.text === marker),
    );
    return found?.id ?? null;
  }
}

async function callDiscord<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw deliveryErrorOf(error);
  }
}

/** Classifies a discord.js error: a refusal with a known code, any other refusal, or a transient failure. */
function deliveryErrorOf(error: unknown): NoticeDeliveryError {
  const message = error instanceof Error ? error.message : String(error);

  if (error instanceof DiscordAPIError) {
    if (NO_ACCESS_CODES.has(error.code))
      return new NoticeDeliveryError('no-access', message, { cause: error });
    if (USER_UNREACHABLE_CODES.has(error.code)) {
      return new NoticeDeliveryError('user-unreachable', message, { cause: error });
    }
    // discord.js retries 5xx itself; a 429 or 5xx that still arrives here is worth another try later.
    if (error.status === 429 || error.status >= 500) {
      return new NoticeDeliveryError('transient', message, { cause: error });
    }
    return new NoticeDeliveryError('rejected', message, { cause: error });
  }

  return new NoticeDeliveryError('transient', message, { cause: error });
}
