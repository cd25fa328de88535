import { ChannelType, InteractionType } from 'discord-api-types/v10';
import type {
  APIChannel,
  APIEmbed,
  APIGuildMember,
  APIMessage,
  APIRole,
  APIUser,
  GatewayGuildCreateDispatchData,
  GuildMemberFlags,
  GuildSystemChannelFlags,
  RoleFlags,
} from 'discord-api-types/v10';

import type { FakeAttachment } from './attachment.js';
import { pingedUserIds, pingsEveryone } from './mentions.js';
import type {
  ChannelRecord,
  GuildRecord,
  MemberRecord,
  MessageInteractionInfo,
  MessageRecord,
  RoleRecord,
  UserRecord,
} from './records.js';
import type { DiscordState } from './state.js';

/** Turns the fake's records into the JSON Discord sends, complete enough for discord.js to build its objects. */
export class PayloadBuilder {
  readonly #state: DiscordState;
  readonly #cdnOrigin: string;
  readonly #applicationId: string;

  constructor(state: DiscordState, cdnOrigin: string, applicationId: string) {
    this.#state = state;
    this.#cdnOrigin = cdnOrigin;
    this.#applicationId = applicationId;
  }

  user(user: UserRecord): APIUser {
    const payload: APIUser = {
      id: user.id,
      username: user.username,
      discriminator: '0',
      global_name: user.globalName,
      avatar: null,
    };

    if (user.bot) {
      payload.bot = true;
    }

    return payload;
  }

  userById(userId: string): APIUser {
    return this.user(this.#state.requireUser(userId));
  }

  role(role: RoleRecord): APIRole {
    const payload: APIRole = {
      id: role.id,
      name: role.name,
      color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false,
      icon: null,
      unicode_emoji: null,
      position: role.position,
      permissions: role.permissions.toString(),
      managed: role.managed,
      mentionable: false,
      flags: 0 as RoleFlags,
    };

    if (role.botId !== undefined) {
      payload.tags = { bot_id: role.botId };
    }

    return payload;
  }

  member(member: MemberRecord): APIGuildMember {
    return {
      user: this.userById(member.userId),
      nick: member.nick,
      avatar: null,
      banner: null,
      roles: [...member.roleIds],
      joined_at: new Date(member.joinedAt).toISOString(),
      premium_since: null,
      deaf: false,
      mute: false,
      flags: 0 as GuildMemberFlags,
      pending: false,
      communication_disabled_until: null,
    };
  }

  channel(channel: ChannelRecord): APIChannel {
    if (channel.type === ChannelType.DM) {
      return {
        id: channel.id,
        type: ChannelType.DM,
        name: null,
        last_message_id: channel.lastMessageId,
        recipients: channel.recipientId === undefined ? [] : [this.userById(channel.recipientId)],
      };
    }

    return {
      id: channel.id,
      type: channel.type,
      guild_id: channel.guildId,
      name: channel.name ?? '',
      position: channel.position,
      permission_overwrites: channel.overwrites,
      nsfw: channel.nsfw,
      topic: channel.topic,
      parent_id: null,
      last_message_id: channel.lastMessageId,
      rate_limit_per_user: 0,
    };
  }

  /** Builds the GUILD_CREATE payload: the guild with its roles, channels and members, available. */
  guildCreate(guild: GuildRecord): GatewayGuildCreateDispatchData {
    const channels = guild.channelIds.flatMap((id) => {
      const channel = this.#state.channels.get(id);
      return channel === undefined ? [] : [this.channel(channel)];
    });

    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: guild.ownerId,
      afk_channel_id: null,
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 1,
      explicit_content_filter: 0,
      roles: [...guild.roles.values()].map((role) => this.role(role)),
      emojis: [],
      stickers: [],
      features: [],
      mfa_level: 0,
      application_id: null,
      system_channel_id: null,
      system_channel_flags: 0 as GuildSystemChannelFlags,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: guild.locale,
      nsfw_level: 0,
      hub_type: null,
      incidents_data: null,
      max_members: 500_000,
      joined_at: new Date(guild.joinedAt).toISOString(),
      large: false,
      unavailable: false,
      member_count: guild.members.size,
      voice_states: [],
      members: [...guild.members.values()].map((member) => this.member(member)),
      channels: channels as GatewayGuildCreateDispatchData['channels'],
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
    };
  }

  /** A message as Discord returns it, with freshly signed attachment URLs where the old ones expired. */
  message(message: MessageRecord, now: number = Date.now()): APIMessage {
    const attachments = message.attachments.map((attachment) => attachment.toAPI(this.#cdnOrigin, now));
    const payload: APIMessage = {
      id: message.id,
      channel_id: message.channelId,
      author: this.userById(message.authorId),
      type: message.type,
      content: message.content,
      timestamp: new Date(message.createdAt).toISOString(),
      edited_timestamp: message.editedAt === null ? null : new Date(message.editedAt).toISOString(),
      tts: message.tts,
      mention_everyone: pingsEveryone(message.content, message.allowedMentions),
      // NOTE: `mentions` lists only the users `allowed_mentions` lets the message ping; that
      // Discord filters this field, not only the notifications, is an assumption.
      mentions: pingedUserIds(message.content, message.allowedMentions).flatMap((id) => {
        const user = this.#state.users.get(id);
        return user === undefined ? [] : [this.user(user)];
      }),
      mention_roles: [],
      attachments,
      embeds: message.embeds.map((embed) => this.#resolveEmbed(embed, message.attachments, now)),
      components: message.components,
      pinned: false,
      flags: message.flags,
    };

    this.#addOptionalFields(payload, message);
    return payload;
  }

  #addOptionalFields(payload: APIMessage, message: MessageRecord): void {
    if (message.nonce !== undefined) {
      payload.nonce = message.nonce;
    }

    if (message.messageReference !== undefined) {
      payload.message_reference = message.messageReference;
    }

    if (message.webhookId !== undefined) {
      payload.webhook_id = message.webhookId;
      payload.application_id = this.#applicationId;
    }

    if (message.interaction !== undefined) {
      const { id, type, name, userId } = message.interaction;
      const user = this.userById(userId);
      payload.interaction = { id, type, name, user };
      this.#addInteractionMetadata(payload, message.interaction, user);
    }
  }

  #addInteractionMetadata(payload: APIMessage, info: MessageInteractionInfo, user: APIUser): void {
    if (info.type !== InteractionType.ApplicationCommand) {
      return;
    }

    const guildId = this.#state.channels.get(payload.channel_id)?.guildId;
    payload.interaction_metadata = {
      id: info.id,
      type: InteractionType.ApplicationCommand,
      user,
      // Key 0 is the guild installation; Discord sends "0" for it outside guilds.
      authorizing_integration_owners: { 0: guildId ?? '0' },
    };

    if (info.originalResponseMessageId !== undefined) {
      payload.interaction_metadata.original_response_message_id = info.originalResponseMessageId;
    }
  }

  /** Replaces `attachment://name` image URLs with the attachment's CDN URL, as Discord does. */
  #resolveEmbed(embed: APIEmbed, attachments: FakeAttachment[], now: number): APIEmbed {
    const resolve = (url: string): string => {
      if (!url.startsWith('attachment://')) {
        return url;
      }

      const name = url.slice('attachment://'.length);
      const attachment = attachments.find((candidate) => candidate.filename === name);
      return attachment === undefined ? url : attachment.signedUrl(this.#cdnOrigin, now);
    };
    const resolved: APIEmbed = structuredClone(embed);

    if (resolved.image !== undefined) {
      resolved.image.url = resolve(resolved.image.url);
    }

    if (resolved.thumbnail !== undefined) {
      resolved.thumbnail.url = resolve(resolved.thumbnail.url);
    }

    if (resolved.author?.icon_url !== undefined) {
      resolved.author.icon_url = resolve(resolved.author.icon_url);
    }

    if (resolved.footer?.icon_url !== undefined) {
      resolved.footer.icon_url = resolve(resolved.footer.icon_url);
    }

    return resolved;
  }
}
