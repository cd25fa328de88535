import type { MessageContextMenuCommandInteraction } from 'discord.js';
import { uploadMessageDefinition } from './definitions/upload-message.js';
import type { CommandModule } from '../src/discord/command.js';
import type { BotContext } from '../src/discord/context.js';
import { startUploads } from '../src/discord/upload/start-uploads.js';

/** "Upload to host" on a message: relays every video attachment of that message. */
async function uploadMessage(
  interaction: MessageContextMenuCommandInteraction,
  context: BotContext,
): Promise<void> {
  const message = interaction.targetMessage;
  const attachments = [...message.attachments.values()].map((attachment) => ({
    id: attachment.id,
    name: attachment.name,
    url: attachment.url,
    size: attachment.size,
    contentType: attachment.contentType,
  }));

  await startUploads(interaction, context, attachments, {
    folderId: null,
    originOf: (attachment) => ({ kind: 'message', messageId: message.id, attachmentId: attachment.id }),
  });
}

export default {
  command: {
    kind: 'message',
    definition: uploadMessageDefinition,
    defer: 'ephemeral',
    execute: uploadMessage,
  },
} satisfies CommandModule;
