import {
  type ActionRowBuilder,
  type ButtonBuilder,
  type Client,
  DiscordAPIError,
  type Message,
  RESTJSONErrorCodes,
  type RepliableInteraction,
} from 'discord.js';
import type { Logger } from '../../logger.js';

/**
 * Discord's interaction tokens last 15 minutes. Edits stop using the token a
 * minute early, so an edit in flight never meets an expired token.
 */
const TOKEN_LIFETIME_MS = 14 * 60_000;

export interface ProgressMessageTarget {
  client: Client;
  userId: string;
  channelId: string;
  logger: Logger;
  /** The interaction whose reply (`@original`) or follow-up shows the progress; none after a restart. */
  interaction?: RepliableInteraction;
  /** A follow-up's message ID; the deferred reply when absent. */
  followUpId?: string;
  now?: () => number;
}

type Components = Array<ActionRowBuilder<ButtonBuilder>>;

/**
 * The one message that shows a relay's progress. While the interaction token
 * is valid it edits the reply; after that, or when the token is rejected, it
 * posts an ordinary channel message that mentions only the user and edits
 * that one instead.
 */
export class ProgressMessage {
  #channelMessage: Message | null = null;

  constructor(private readonly target: ProgressMessageTarget) {}

  async publish(text: string, components: Components = []): Promise<void> {
    if (this.#canUseToken()) {
      try {
        await this.#editInteraction(text, components);
        return;
      } catch (error) {
        if (!isExpiredToken(error)) throw error;
        this.target.logger.info('interaction token expired; continuing in the channel');
      }
    }
    await this.#publishInChannel(text, components);
  }

  #canUseToken(): boolean {
    const { interaction } = this.target;
    if (!interaction || this.#channelMessage) return false;

    const now = this.target.now?.() ?? Date.now();
    return now - interaction.createdTimestamp < TOKEN_LIFETIME_MS;
  }

  async #editInteraction(text: string, components: Components): Promise<void> {
    const interaction = this.target.interaction as RepliableInteraction;
    const message = this.target.followUpId ?? '@original';
    await interaction.editReply({ message, content: text, components, embeds: [] });
  }

  async #publishInChannel(text: string, components: Components): Promise<void> {
    const content = `<@${this.target.userId}> ${text}`;

    if (this.#channelMessage) {
      await this.#channelMessage.edit({
        content,
        components,
        allowedMentions: { users: [this.target.userId] },
      });
      return;
    }

    const channel = await this.target.client.channels.fetch(this.target.channelId);
    if (!channel?.isSendable()) throw new Error(`Channel ${this.target.channelId} cannot receive messages`);
    this.#channelMessage = await channel.send({
      content,
      components,
      allowedMentions: { users: [this.target.userId] },
    });
  }
}

function isExpiredToken(error: unknown): boolean {
  return (
    error instanceof DiscordAPIError &&
    (error.code === RESTJSONErrorCodes.InvalidWebhookToken ||
      error.code === RESTJSONErrorCodes.UnknownWebhook)
  );
}
