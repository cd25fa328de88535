import { randomBytes } from 'node:crypto';

import { PermissionFlagsBits } from 'discord-api-types/v10';

/** Settings of a fake Discord; every time is in milliseconds. */
export interface FakeDiscordOptions {
  /** The bot's username; default `Fake Bot`. */
  botUsername?: string;
  /** The bot token the fake accepts; default a random token in Discord's three-part shape. */
  token?: string;
  /** Permissions of the bot's role in each guild; default view, send, embed, attach, history, commands. */
  botPermissions?: bigint;
  /** The heartbeat interval sent in HELLO; Discord sends 41250. */
  heartbeatIntervalMs?: number;
  /** How long after dispatch a callback is accepted; Discord allows 3 s. */
  acknowledgeWindowMs?: number;
  /** How long an interaction token works for webhooks; Discord's last 15 minutes. */
  tokenLifetimeMs?: number;
  /** How far back `enforce_nonce` looks for a message with the same nonce; default 5 minutes. */
  nonceWindowMs?: number;
  /** Privileged intents the application may use (bits of GuildMembers, GuildPresences, MessageContent); default none. */
  privilegedIntents?: number;
  /** The largest REST request body accepted, in bytes; larger ones get 413. Default 64 MiB. */
  maxRequestBytes?: number;
}

export type ResolvedOptions = Required<FakeDiscordOptions>;

export const DEFAULT_BOT_USERNAME = 'Fake Bot';

export const DEFAULT_BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.UseApplicationCommands;

export function resolveOptions(options: FakeDiscordOptions, defaultToken: string): ResolvedOptions {
  return {
    botUsername: options.botUsername ?? DEFAULT_BOT_USERNAME,
    token: options.token ?? defaultToken,
    botPermissions: options.botPermissions ?? DEFAULT_BOT_PERMISSIONS,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    acknowledgeWindowMs: options.acknowledgeWindowMs ?? 3000,
    tokenLifetimeMs: options.tokenLifetimeMs ?? 15 * 60 * 1000,
    nonceWindowMs: options.nonceWindowMs ?? 5 * 60 * 1000,
    privilegedIntents: options.privilegedIntents ?? 0,
    maxRequestBytes: options.maxRequestBytes ?? 64 * 1024 * 1024,
  };
}

/** Generates a token in Discord's shape: base64 of the bot's user ID, a timestamp part and an HMAC part. */
export function botToken(botId: string): string {
  const encode = (bytes: Buffer): string => bytes.toString('base64').replace(/=+$/, '');
  return `${encode(Buffer.from(botId))}.${encode(randomBytes(4))}.${encode(randomBytes(27))}`;
}
