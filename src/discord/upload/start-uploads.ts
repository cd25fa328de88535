import { MessageFlags, type RepliableInteraction } from 'discord.js';
import type { RelayOrigin } from '../../store/relay-store.js';
import type { BotContext } from '../context.js';
import { escapeHostText } from '../embeds/host-text.js';
import { hostClientFor } from '../linked-account.js';
import { respond } from '../reply.js';
import { UserError } from '../user-error.js';
import { ProgressMessage } from './progress-message.js';
import { sortAttachments, type VideoAttachment } from './video-attachments.js';

const FOLDER_ID = /^\d{1,20}$/;

/**
 * Relays the video attachments of one command, each shown in its own
 * message: the deferred reply for the first, a follow-up for each other.
 * Attachments that are not relayed are listed with the reason. Resolves once
 * every relay has ended.
 */
export async function startUploads(
  interaction: RepliableInteraction,
  context: BotContext,
  attachments: readonly VideoAttachment[],
  options: { folderId: string | null; originOf: (attachment: VideoAttachment) => RelayOrigin },
): Promise<void> {
  if (options.folderId !== null && !FOLDER_ID.test(options.folderId)) {
    throw new UserError(
      `"${escapeHostText(options.folderId)}" is not a folder ID: folder IDs are digits, such as 1234.`,
    );
  }

  const hostClient = await hostClientFor(context, interaction.user.id);
  const { videos, skipped } = sortAttachments(attachments, context.config.relay.maxBytes);
  const skippedText = skipped.map((item) => `- ${escapeHostText(item.name)}: ${item.reason}`).join('\n');

  if (videos.length === 0) {
    throw new UserError(
      attachments.length === 0
        ? 'This message has no attachments to upload.'
        : `Nothing to upload:\n${skippedText}`,
    );
  }

  const messages = await progressMessages(interaction, context, videos.length);
  if (skipped.length > 0) {
    await interaction.followUp({ content: `Skipped:\n${skippedText}`, flags: MessageFlags.Ephemeral });
  }

  await Promise.all(
    videos.map((attachment, index) =>
      context.uploads.relay({
        userId: interaction.user.id,
        guildId: interaction.guildId,
        channelId: interaction.channelId ?? interaction.user.id,
        attachment,
        folderId: options.folderId,
        origin: options.originOf(attachment),
        message: messages[index] as ProgressMessage,
        hostClient,
      }),
    ),
  );
}

/** One message per video: the deferred reply, then ephemeral follow-ups. */
async function progressMessages(
  interaction: RepliableInteraction,
  context: BotContext,
  count: number,
): Promise<ProgressMessage[]> {
  const target = {
    client: interaction.client,
    userId: interaction.user.id,
    channelId: interaction.channelId ?? interaction.user.id,
    logger: context.logger,
    interaction,
  };

  const messages = [new ProgressMessage(target)];
  await respond(interaction, { content: 'Preparing the upload…' });

  for (let index = 1; index < count; index += 1) {
    const followUp = await interaction.followUp({
      content: 'Waiting to start…',
      flags: MessageFlags.Ephemeral,
    });
    messages.push(new ProgressMessage({ ...target, followUpId: followUp.id }));
  }
  return messages;
}
