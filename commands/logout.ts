import type { ChatInputCommandInteraction } from 'discord.js';
import { logoutDefinition } from './definitions/logout.js';
import type { CommandModule } from '../src/discord/command.js';
import type { BotContext } from '../src/discord/context.js';
import { respond } from '../src/discord/reply.js';

/** `/logout`: deletes the user's stored credentials. */
async function logout(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const removed = await context.credentials.delete(interaction.user.id);
  context.logger.info({ removed }, 'account unlinked');

  await respond(interaction, {
    content: removed
      ? 'Your video host account is unlinked and your API login and key are deleted from the bot.'
      : 'You had no linked video host account, so there was nothing to delete.',
  });
}

export default {
  command: { kind: 'slash', definition: logoutDefinition, defer: 'ephemeral', execute: logout },
} satisfies CommandModule;
