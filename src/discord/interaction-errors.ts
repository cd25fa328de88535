import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { HostError, type HostInvalidInputError } from '../host/errors.js';
import type { Logger } from '../logger.js';
import { CredentialRecordError } from '../store/credential-store.js';
import { escapeHostText } from './embeds/host-text.js';
import { newErrorReference } from './reference.js';
import { respond } from './reply.js';
import { UserError } from './user-error.js';

/**
 * The one error path for interactions. A user error, or a host error the
 * user can act on, is shown as written for the user. Anything else is logged
 * whole under a short reference, and the user sees a generic message with that
 * reference. A button press that was already acknowledged gets the error as
 * a private follow-up, so the message the button belongs to (and its pages)
 * is not replaced by it. Sending the error reply may fail too (the token
 * expired, Discord is down): that is logged and never thrown, so no handler
 * crashes the bot.
 */
export async function replyWithError(
  interaction: RepliableInteraction,
  error: unknown,
  logger: Logger,
): Promise<void> {
  const message = userMessageFor(error, logger);

  try {
    if (interaction.isMessageComponent() && (interaction.deferred || interaction.replied)) {
      await interaction.followUp({ content: message, flags: MessageFlags.Ephemeral });
    } else {
      await respond(interaction, { content: message, ephemeral: true, embeds: [], components: [] });
    }
  } catch (replyError) {
    logger.warn({ err: replyError }, 'could not send the error reply');
  }
}

/** Logs `error` at the level it deserves and returns what the user should read. */
export function userMessageFor(error: unknown, logger: Logger): string {
  if (error instanceof UserError) {
    logger.info({ userError: error.message }, 'user error');
    return error.message;
  }

  if (error instanceof HostError && error.code === 'HOST_INVALID_INPUT') {
    // Input the user typed wrong, checked before any request: not worth a warning or a stack.
    logger.info({ userError: error.message, field: (error as HostInvalidInputError).field }, 'user error');
    return escapeHostText(error.userMessage);
  }

  if (error instanceof HostError) {
    // The message can quote the host's `msg`, which must not format or mention.
    logger.warn({ err: error }, 'host error shown to the user');
    return escapeHostText(error.userMessage);
  }

  if (error instanceof CredentialRecordError) {
    logger.error({ err: error }, 'stored credentials unreadable');
    return 'Your stored host credentials could not be read. Run /login to link your account again.';
  }

  const reference = newErrorReference();
  logger.error({ err: error, reference }, 'interaction failed');
  return `Something went wrong on the bot's side. If it keeps happening, give the bot's operator this reference: ${reference}`;
}
