import type { BaseInteraction, ChatInputCommandInteraction } from 'discord.js';
import type { DeferMode } from './command.js';

/**
 * The policy for showing the host's content (file names, descriptions,
 * images). The host's content is adult content, which Discord allows only in
 * age-restricted channels. A DM with the bot counts as allowed, and a thread
 * follows its parent channel, because threads have no flag of their own.
 */

export const AGE_RESTRICTED_ONLY_MESSAGE =
  'This shows content from the video host, which is for adults, so the bot shows it only in ' +
  'age-restricted channels and in DMs with the bot. Run the command in one of those instead.';

/** The parts of a discord.js channel the policy reads; every discord.js channel fits this shape. */
export interface PolicyChannel {
  isDMBased(): boolean;
  isThread(): boolean;
  /** Age-restricted flag of guild channels that have one (text, announcement, voice, forum). */
  nsfw?: boolean;
  parentId?: string | null;
}

/** Looks a channel up by ID, from the cache or Discord; null when it cannot be found. */
export type ChannelLookup = (channelId: string) => Promise<PolicyChannel | null>;

/** Decides from `channel` alone, or returns undefined when the thread's parent is needed and not given. */
export function allowsAdultContentNow(
  channel: PolicyChannel | null,
  parent?: PolicyChannel | null,
): boolean | undefined {
  if (channel === null) return false;
  if (channel.isDMBased()) return true;

  if (channel.isThread()) {
    if (parent === undefined) return undefined;
    return parent !== null && parent.nsfw === true;
  }

  return channel.nsfw === true;
}

/** Decides for `channel`, looking up a thread's parent when needed. An unknown channel is not allowed. */
export async function allowsAdultContent(
  channel: PolicyChannel | null,
  lookup: ChannelLookup,
): Promise<boolean> {
  const decided = allowsAdultContentNow(channel);
  if (decided !== undefined) return decided;

  const parentId = channel?.parentId ?? null;
  const parent = parentId === null ? null : await lookup(parentId);
  return allowsAdultContentNow(channel, parent) === true;
}

/**
 * Returns whether the interaction's channel allows the host's content.
 * Outside a guild (a DM with the bot) it does. In a guild the channel comes
 * from the cache, or from Discord when it is not cached.
 */
export async function interactionAllowsAdultContent(interaction: BaseInteraction): Promise<boolean> {
  if (!interaction.inGuild()) return true;

  const lookup: ChannelLookup = (channelId) =>
    interaction.client.channels.fetch(channelId).catch(() => {
      // A channel the bot cannot fetch (deleted, or no access) is treated as not age-restricted.
      return null;
    });
  const channelId = interaction.channelId;
  const channel = interaction.channel ?? (channelId === null ? null : await lookup(channelId));
  return allowsAdultContent(channel, lookup);
}

/**
 * The defer mode of a command with a `public` option: public only when asked
 * for and the cached channel already shows that adult content is allowed
 * here, so a reply is never made public where the bot will decline.
 */
export function deferForVisibility(interaction: ChatInputCommandInteraction): DeferMode {
  if (interaction.options.getBoolean('public') !== true) return 'ephemeral';
  if (!interaction.inGuild()) return 'public';

  const channel = interaction.channel;
  const parent = channel?.isThread() === true ? channel.parent : undefined;
  return allowsAdultContentNow(channel, parent) === true ? 'public' : 'ephemeral';
}
