import type { ChatInputCommandInteraction } from 'discord.js';
import { logoutDefinition } from './definitions/logout.js';
import type { CommandModule } from '../src/discord/command.js';
import type { BotContext } from '../src/discord/context.js';
import { respond } from '../src/discord/reply.js';

/**
 * `/logout`: stops the user's watches, then deletes their stored
 * credentials. Watches go first, so no poll runs between the two steps and
 * meets credentials that are gone.
 */
async function logout(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const cancelled = await context.watches.cancelAllFor(interaction.user.id);
  const removed = await context.credentials.delete(interaction.user.id);
  context.logger.info({ removed, cancelledWatches: cancelled }, 'account unlinked');

  const watches =
    cancelled === 0
      ? ''
      : ` Stopped watching ${cancelled} ${cancelled === 1 ? 'file' : 'files'}; no notices will be posted for them.`;
  await respond(interaction, {
    content: removed
      ? `Your video host account is unlinked and your API login and key are deleted from the bot.${watches}`
      : `You had no linked video host account, so there was nothing to delete.${watches}`,
  });
}

export default {
  command: { kind: 'slash', definition: logoutDefinition, defer: 'ephemeral', execute: logout },
} satisfies CommandModule;
