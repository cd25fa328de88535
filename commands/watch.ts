import { type ChatInputCommandInteraction, TimestampStyles, time } from 'discord.js';
import { watchDefinition } from './definitions/watch.js';
import type { CommandModule } from '../src/discord/command.js';
import type { BotContext } from '../src/discord/context.js';
import { hostClientFor } from '../src/discord/linked-account.js';
import { respond } from '../src/discord/reply.js';
import { UserError } from '../src/discord/user-error.js';
import { checkFileId } from '../src/host/ids.js';

/** Open watches one user may start with /watch; each costs host requests until its encoding ends. */
export const MAX_WATCHES_PER_USER = 100;

/**
 * `/watch file`: checks with one `file/info` that the file exists and is the
 * caller's, then stores a watch whose notice goes to this channel (or this
 * DM). The reply names only the file ID, so it suits any channel.
 */
async function watchFile(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const fileId = readFileId(interaction);
  const userId = interaction.user.id;

  const client = await hostClientFor(context, userId);
  const [entry] = await client.fileInfo([fileId]);
  if (entry === undefined) throw new Error(`file/info returned no entry for ${fileId}`);
  if (!entry.ok) throw entry.error;

  const open = await context.watches.listFor(userId);
  if (open.length >= MAX_WATCHES_PER_USER && !open.some((watch) => watch.fileId === fileId)) {
    throw new UserError(
      `You are already watching ${MAX_WATCHES_PER_USER} files, the most one member may. Cancel some with /watches first.`,
    );
  }

  const { created, watch } = await context.watches.add({
    fileId,
    userId,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    fileName: entry.file.name,
    source: 'watch',
  });

  const since = time(Math.floor(watch.createdAt / 1000), TimestampStyles.RelativeTime);
  const where = interaction.inGuild() ? 'in this channel' : 'here';
  const hours = Math.round(((watch.deadlineAt - watch.createdAt) / 3_600_000) * 10) / 10;

  await respond(interaction, {
    content: created
      ? `Watching the encoding of ${fileId}. When it finishes or fails, or after ${hours} h at most, the bot posts one notice ${where} and mentions only you. If it has already ended, the notice follows at the first check. /watches lists and cancels your watches.`
      : `You are already watching ${fileId} (since ${since}). The bot posts one notice when its encoding ends.`,
  });
}

/** The `file` option, checked before any request; the error path escapes what the user typed. */
function readFileId(interaction: ChatInputCommandInteraction): string {
  return checkFileId('file/info', interaction.options.getString('file', true).trim());
}

export default {
  command: { kind: 'slash', definition: watchDefinition, defer: 'ephemeral', execute: watchFile },
} satisfies CommandModule;
