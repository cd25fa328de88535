import type { ButtonInteraction } from 'discord.js';
import type { Logger } from '../logger.js';
import { AGE_RESTRICTED_ONLY_MESSAGE, interactionAllowsAdultContent } from './age-restriction.js';
import { followUpPrivately, pressedByOwner } from './handler-errors.js';
import { respondByUpdate } from './reply.js';

/**
 * Checks a press of a button on a message that shows host content. Outside an
 * age-restricted channel the message loses its content; a member other than
 * the command's user gets `notOwnerMessage` privately. Returns whether the
 * handler may go on, since in both other cases the press is already answered.
 */
export async function mayHandleContentButton(
  interaction: ButtonInteraction,
  notOwnerMessage: string,
  logger: Logger,
): Promise<boolean> {
  if (!(await interactionAllowsAdultContent(interaction))) {
    await respondByUpdate(interaction, { content: AGE_RESTRICTED_ONLY_MESSAGE, embeds: [], components: [] });
    return false;
  }

  if (!pressedByOwner(interaction)) {
    await followUpPrivately(interaction, notOwnerMessage, logger);
    return false;
  }
  return true;
}
