import type {
  APIAllowedMentions,
  APIEmbed,
  APIMessageReference,
  APIMessageTopLevelComponent,
  APIOverwrite,
  ChannelType,
  InteractionType,
  Locale,
  MessageType,
} from 'discord-api-types/v10';

import type { FakeAttachment } from './attachment.js';

/** A user of the fake, the bot included. */
export interface UserRecord {
  id: string;
  username: string;
  globalName: string | null;
  bot: boolean;
  /** Whether the user accepts DMs from the bot; when false, sending to their DM fails with 50007. */
  allowDms: boolean;
}

export interface RoleRecord {
  id: string;
  name: string;
  permissions: bigint;
  position: number;
  /** Managed roles belong to an integration, such as the bot's own role. */
  managed: boolean;
  botId: string | undefined;
}

export interface MemberRecord {
  userId: string;
  roleIds: string[];
  nick: string | null;
  joinedAt: number;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  locale: Locale;
  /** The largest upload the guild allows, in bytes; Discord's default tier allows 10 MiB. */
  uploadLimitBytes: number;
  roles: Map<string, RoleRecord>;
  members: Map<string, MemberRecord>;
  channelIds: string[];
  joinedAt: number;
}

export type FakeChannelType = ChannelType.GuildText | ChannelType.GuildAnnouncement | ChannelType.DM;

export interface ChannelRecord {
  id: string;
  type: FakeChannelType;
  /** Undefined for DM channels. */
  guildId: string | undefined;
  name: string | null;
  /** Age-restricted ("NSFW") flag of a guild channel; always false for DMs. */
  nsfw: boolean;
  topic: string | null;
  position: number;
  overwrites: APIOverwrite[];
  /** The other user of a DM channel. */
  recipientId: string | undefined;
  lastMessageId: string | null;
}

/** The interaction a message responds to, shown by Discord as "used /command". */
export interface MessageInteractionInfo {
  id: string;
  type: InteractionType;
  name: string;
  userId: string;
  /** Set on follow-up messages: the interaction's first response. */
  originalResponseMessageId?: string;
}

export interface MessageRecord {
  id: string;
  channelId: string;
  authorId: string;
  type: MessageType;
  content: string;
  embeds: APIEmbed[];
  components: APIMessageTopLevelComponent[];
  attachments: FakeAttachment[];
  /** Message flags; 64 is ephemeral, 128 is a deferred "thinking" message. */
  flags: number;
  tts: boolean;
  nonce: string | number | undefined;
  allowedMentions: APIAllowedMentions | undefined;
  messageReference: APIMessageReference | undefined;
  /** The application whose interaction webhook posted this message. */
  webhookId: string | undefined;
  interaction: MessageInteractionInfo | undefined;
  createdAt: number;
  editedAt: number | null;
  deleted: boolean;
}

export const EPHEMERAL_FLAG = 64;
export const LOADING_FLAG = 128;

export function isEphemeral(message: MessageRecord): boolean {
  return (message.flags & EPHEMERAL_FLAG) !== 0;
}
