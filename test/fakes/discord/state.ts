import { EventEmitter } from 'node:events';

import { ChannelType, Locale, MessageType, OverwriteType, PermissionFlagsBits } from 'discord-api-types/v10';

import type { FakeAttachment } from './attachment.js';
import { DiscordErrors } from './errors.js';
import { computePermissions, DEFAULT_EVERYONE_PERMISSIONS } from './permissions.js';
import type {
  ChannelRecord,
  GuildRecord,
  MemberRecord,
  MessageRecord,
  RoleRecord,
  UserRecord,
} from './records.js';
import { isEphemeral } from './records.js';
import { SnowflakeGenerator } from './snowflake.js';

/** Discord's upload limit for guilds without boosts and for DMs: 10 MiB. */
const DEFAULT_UPLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

/** Events the state emits so the gateway and waiting tests learn of changes. */
export interface StateEvents {
  guildCreate: [GuildRecord];
  channelCreate: [ChannelRecord];
  messageCreate: [MessageRecord];
  messageUpdate: [MessageRecord];
  messageDelete: [MessageRecord];
}

export interface CreateChannelOptions {
  name: string;
  nsfw?: boolean;
  type?: ChannelType.GuildText | ChannelType.GuildAnnouncement;
  topic?: string;
  /** Denies the bot a permission here through a member overwrite: `view` (then 50001) or `send` (then 50013). */
  denyBot?: 'view' | 'send';
}

/** The guilds, channels, users and messages of the fake, with the lookups routes need. */
export class DiscordState extends EventEmitter<StateEvents> {
  readonly ids = new SnowflakeGenerator();
  readonly users = new Map<string, UserRecord>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly messages = new Map<string, MessageRecord>();
  readonly attachments = new Map<string, FakeAttachment>();
  readonly botUser: UserRecord;
  readonly #botPermissions: bigint;

  constructor(botUsername: string, botPermissions: bigint) {
    super();
    this.botUser = this.createUser({ username: botUsername, bot: true });
    this.#botPermissions = botPermissions;
  }

  createUser(options: {
    username: string;
    globalName?: string;
    bot?: boolean;
    allowDms?: boolean;
  }): UserRecord {
    const user: UserRecord = {
      id: this.ids.next(),
      username: options.username,
      globalName: options.globalName ?? null,
      bot: options.bot ?? false,
      allowDms: options.allowDms ?? true,
    };

    this.users.set(user.id, user);
    return user;
  }

  /** Creates a guild with the bot in it (its own managed role) and the owner as a member. */
  createGuild(options: {
    name: string;
    ownerId?: string;
    locale?: Locale;
    uploadLimitBytes?: number;
  }): GuildRecord {
    const id = this.ids.next();
    const ownerId = options.ownerId ?? this.createUser({ username: `${options.name} owner` }).id;
    this.requireUser(ownerId);

    const everyone: RoleRecord = {
      id,
      name: '@everyone',
      permissions: DEFAULT_EVERYONE_PERMISSIONS,
      position: 0,
      managed: false,
      botId: undefined,
    };
    const guild: GuildRecord = {
      id,
      name: options.name,
      ownerId,
      locale: options.locale ?? Locale.EnglishUS,
      uploadLimitBytes: options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES,
      roles: new Map([[id, everyone]]),
      members: new Map(),
      channelIds: [],
      joinedAt: Date.now(),
    };

    this.guilds.set(id, guild);
    const botRole = this.#addRole(guild, this.botUser.username, this.#botPermissions, this.botUser.id);
    this.addMember(guild.id, this.botUser.id).roleIds.push(botRole.id);
    this.addMember(guild.id, ownerId);
    this.emit('guildCreate', guild);
    return guild;
  }

  createChannel(guildId: string, options: CreateChannelOptions): ChannelRecord {
    const guild = this.requireGuild(guildId);
    const channel: ChannelRecord = {
      id: this.ids.next(),
      type: options.type ?? ChannelType.GuildText,
      guildId,
      name: options.name,
      nsfw: options.nsfw ?? false,
      topic: options.topic ?? null,
      position: guild.channelIds.length,
      overwrites: [],
      recipientId: undefined,
      lastMessageId: null,
    };

    if (options.denyBot !== undefined) {
      const deny =
        options.denyBot === 'view' ? PermissionFlagsBits.ViewChannel : PermissionFlagsBits.SendMessages;
      channel.overwrites.push({
        id: this.botUser.id,
        type: OverwriteType.Member,
        allow: '0',
        deny: deny.toString(),
      });
    }

    guild.channelIds.push(channel.id);
    this.channels.set(channel.id, channel);
    this.emit('channelCreate', channel);
    return channel;
  }

  /** Adds a user to a guild; `permissions` become a role of their own on top of @everyone. */
  addMember(
    guildId: string,
    userId: string,
    options: { permissions?: bigint; nick?: string } = {},
  ): MemberRecord {
    const guild = this.requireGuild(guildId);
    const user = this.requireUser(userId);
    const member: MemberRecord = guild.members.get(userId) ?? {
      userId,
      roleIds: [],
      nick: null,
      joinedAt: Date.now(),
    };

    if (options.nick !== undefined) {
      member.nick = options.nick;
    }

    if (options.permissions !== undefined) {
      member.roleIds.push(this.#addRole(guild, `${user.username} role`, options.permissions, undefined).id);
    }

    guild.members.set(userId, member);
    return member;
  }

  /** Returns the bot's DM channel with a user, creating it the first time. */
  dmChannel(userId: string): ChannelRecord {
    this.requireUser(userId);
    const existing = [...this.channels.values()].find((channel) => channel.recipientId === userId);

    if (existing !== undefined) {
      return existing;
    }

    const channel: ChannelRecord = {
      id: this.ids.next(),
      type: ChannelType.DM,
      guildId: undefined,
      name: null,
      nsfw: false,
      topic: null,
      position: 0,
      overwrites: [],
      recipientId: userId,
      lastMessageId: null,
    };

    this.channels.set(channel.id, channel);
    return channel;
  }

  requireUser(userId: string): UserRecord {
    const user = this.users.get(userId);

    if (user === undefined) {
      throw DiscordErrors.unknownUser();
    }

    return user;
  }

  requireGuild(guildId: string): GuildRecord {
    const guild = this.guilds.get(guildId);

    if (guild === undefined) {
      throw DiscordErrors.unknownGuild();
    }

    return guild;
  }

  requireChannel(channelId: string): ChannelRecord {
    const channel = this.channels.get(channelId);

    if (channel === undefined) {
      throw DiscordErrors.unknownChannel();
    }

    return channel;
  }

  /** Finds a message that users of the channel can see; ephemeral and deleted messages are unknown. */
  requireChannelMessage(channelId: string, messageId: string): MessageRecord {
    const message = this.messages.get(messageId);

    if (message === undefined || message.channelId !== channelId || message.deleted || isEphemeral(message)) {
      throw DiscordErrors.unknownMessage();
    }

    return message;
  }

  /** Computes a member's permissions in a channel (or in the guild when no channel is given). */
  permissionsOf(userId: string, guildId: string, channelId?: string): bigint {
    const guild = this.requireGuild(guildId);
    const member = guild.members.get(userId);
    const roles = (member?.roleIds ?? []).flatMap((id) => guild.roles.get(id) ?? []);
    const channel = channelId === undefined ? undefined : this.channels.get(channelId);

    return computePermissions({
      guildId,
      userId,
      ownerId: guild.ownerId,
      everyone: guild.roles.get(guildId)?.permissions ?? 0n,
      roles,
      overwrites: channel?.overwrites,
    });
  }

  /** Returns the largest file the bot may upload in a channel: its guild's limit, or 10 MiB in DMs. */
  uploadLimit(channelId: string): number {
    const guildId = this.channels.get(channelId)?.guildId;
    const guild = guildId === undefined ? undefined : this.guilds.get(guildId);
    return guild?.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT_BYTES;
  }

  /** Returns the visible messages of a channel, oldest first. */
  channelMessages(channelId: string): MessageRecord[] {
    return [...this.messages.values()]
      .filter((message) => message.channelId === channelId && !message.deleted && !isEphemeral(message))
      .sort((a, b) => compareIds(a.id, b.id));
  }

  insertMessage(message: MessageRecord): void {
    this.messages.set(message.id, message);

    for (const attachment of message.attachments) {
      this.attachments.set(attachment.id, attachment);
    }

    const channel = this.channels.get(message.channelId);

    if (channel !== undefined && !isEphemeral(message)) {
      channel.lastMessageId = message.id;
    }

    this.emit('messageCreate', message);
  }

  updateMessage(message: MessageRecord): void {
    for (const attachment of message.attachments) {
      this.attachments.set(attachment.id, attachment);
    }

    this.emit('messageUpdate', message);
  }

  deleteMessage(message: MessageRecord): void {
    message.deleted = true;
    this.emit('messageDelete', message);
  }

  /** Builds a message with Discord's defaults, not yet stored. */
  newMessage(channelId: string, authorId: string, now: number = Date.now()): MessageRecord {
    return {
      id: this.ids.next(now),
      channelId,
      authorId,
      type: MessageType.Default,
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      flags: 0,
      tts: false,
      nonce: undefined,
      allowedMentions: undefined,
      messageReference: undefined,
      webhookId: undefined,
      interaction: undefined,
      createdAt: now,
      editedAt: null,
      deleted: false,
    };
  }

  #addRole(guild: GuildRecord, name: string, permissions: bigint, botId: string | undefined): RoleRecord {
    const role: RoleRecord = {
      id: this.ids.next(),
      name,
      permissions,
      position: guild.roles.size,
      managed: botId !== undefined,
      botId,
    };

    guild.roles.set(role.id, role);
    return role;
  }
}

/** Orders snowflakes numerically; they are too large for Number and differ in length. */
export function compareIds(a: string, b: string): number {
  const difference = BigInt(a) - BigInt(b);

  if (difference === 0n) {
    return 0;
  }

  return difference < 0n ? -1 : 1;
}
