import type { ChatInputCommandInteraction } from 'discord.js';
import { accountDefinition } from './definitions/account.js';
import type { CommandModule } from '../src/discord/command.js';
import type { BotContext } from '../src/discord/context.js';
import { accountEmbed } from '../src/discord/embeds/account-embed.js';
import { hostClientFor } from '../src/discord/linked-account.js';
import { respond } from '../src/discord/reply.js';

/** `/account`: shows the linked account, always ephemerally (the e-mail is personal even masked). */
async function showAccount(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const client = await hostClientFor(context, interaction.user.id);
  const account = await client.accountInfo();
  await respond(interaction, { embeds: [accountEmbed(account)] });
}

export default {
  command: { kind: 'slash', definition: accountDefinition, defer: 'ephemeral', execute: showAccount },
} satisfies CommandModule;
