import { GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import type { APIMessage } from 'discord-api-types/v10';

import type { FakeAttachment } from './attachment.js';
import type { FakeContext } from './context.js';
import type { GatewayServer } from './gateway.js';
import { userMentionsIn } from './mentions.js';

export interface UserMessageOptions {
  authorId: string;
  content?: string;
  /** Attachments from `createAttachment`; they are served from `/attachments/<channel>/...`. */
  attachments?: FakeAttachment[];
}

/**
 * Posts a message as a user. A MESSAGE_CREATE goes only to sessions with the message intents.
 * Without the MessageContent intent its content, embeds and attachments arrive empty, except
 * in DMs and in messages that mention the bot, as Discord documents.
 */
export function postUserMessage(
  context: FakeContext,
  gateway: GatewayServer,
  channelId: string,
  options: UserMessageOptions,
): APIMessage {
  const { state, payloads } = context;
  const channel = state.requireChannel(channelId);
  const message = state.newMessage(channel.id, state.requireUser(options.authorId).id);

  message.content = options.content ?? '';
  message.attachments = options.attachments ?? [];

  for (const attachment of message.attachments) {
    attachment.bind('attachments', channel.id);
  }

  state.insertMessage(message);

  const payload = payloads.message(message);
  const exempt = channel.guildId === undefined || userMentionsIn(message.content).includes(state.botUser.id);
  const redact = (intents: number) => {
    const allowed = exempt || (intents & GatewayIntentBits.MessageContent) !== 0;
    return allowed ? undefined : { content: '', embeds: [], attachments: [] };
  };

  gateway.dispatch(GatewayDispatchEvents.MessageCreate, { ...payload, guild_id: channel.guildId }, redact);
  return payload;
}
