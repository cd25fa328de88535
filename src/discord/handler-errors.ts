import { MessageFlags } from 'discord.js';
import type { Logger } from '../logger.js';
import type { ComponentInteraction } from './command.js';

/** Sends a private follow-up. A failure to send is logged, never thrown, because the press is already acknowledged. */
export async function followUpPrivately(
  interaction: ComponentInteraction,
  content: string,
  logger: Logger,
): Promise<void> {
  try {
    await interaction.followUp({ content, flags: MessageFlags.Ephemeral });
  } catch (sendError) {
    logger.warn({ err: sendError }, 'could not send the follow-up');
  }
}

/** Returns whether the presser ran the command that created the message; true when Discord does not name who did. */
export function pressedByOwner(interaction: ComponentInteraction): boolean {
  if (!interaction.isMessageComponent()) return true;

  const owner = interaction.message.interactionMetadata?.user.id;
  return owner === undefined || owner === interaction.user.id;
}
