import type { ChatInputCommandInteraction } from 'discord.js';
import { uploadDefinition } from './definitions/upload.js';
import type { CommandModule, ComponentInteraction } from '../src/discord/command.js';
import type { BotContext } from '../src/discord/context.js';
import { respond } from '../src/discord/reply.js';
import { CANCEL_HANDLER } from '../src/discord/upload/cancel-button.js';
import { startUploads } from '../src/discord/upload/start-uploads.js';

/** `/upload file:<attachment> [folder]`: relays the attached video to the user's host account. */
async function upload(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const file = interaction.options.getAttachment('file', true);
  const folderId = interaction.options.getString('folder')?.trim() || null;

  await startUploads(
    interaction,
    context,
    [{ id: file.id, name: file.name, url: file.url, size: file.size, contentType: file.contentType }],
    { folderId, originOf: () => ({ kind: 'slash' }) },
  );
}

/** The Cancel button under a relay's progress; only the relay's owner can cancel it. */
async function cancelRelay(
  interaction: ComponentInteraction,
  args: string[],
  context: BotContext,
): Promise<void> {
  const outcome = context.uploads.cancel(args[0] ?? '', interaction.user.id);

  const messages: Record<typeof outcome, string> = {
    cancelled: 'Cancelled. The upload stops within a few seconds.',
    'not-found': 'This upload has already ended.',
    'not-owner': 'Only the member who started this upload can cancel it.',
  };
  await respond(interaction, { content: messages[outcome], ephemeral: true });
}

export default {
  command: { kind: 'slash', definition: uploadDefinition, defer: 'ephemeral', execute: upload },
  components: [{ name: CANCEL_HANDLER, defer: 'ephemeral', execute: cancelRelay }],
} satisfies CommandModule;
