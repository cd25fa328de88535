import { MessageFlags } from 'discord.js';
import { HostError } from '../host/errors.js';
import type { Logger } from '../logger.js';
import type { ComponentInteraction } from './command.js';
import { escapeHostText } from './embeds/host-text.js';
import { userMessageFor } from './interaction-errors.js';
import { UserError } from './user-error.js';

/**
 * Turns a host error into a user error whose message is escaped, because a
 * host error's `userMessage` can quote the host's `msg` or a value the user
 * typed, and neither may format or mention in a Discord message. The host
 * error is logged here, where its details are still at hand.
 */
export function escapedForUser(error: unknown, logger: Logger): unknown {
  if (!(error instanceof HostError)) return error;

  logger.warn({ err: error }, 'host error shown to the user');
  return new UserError(escapeHostText(error.userMessage), { cause: error });
}

/**
 * Reports a failed button press in a private follow-up instead of the
 * router's error reply, which would replace the message the button belongs
 * to (and its pages) with the error.
 */
export async function followUpWithError(
  interaction: ComponentInteraction,
  error: unknown,
  logger: Logger,
): Promise<void> {
  const message = userMessageFor(escapedForUser(error, logger), logger);
  await followUpPrivately(interaction, message, logger);
}

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
