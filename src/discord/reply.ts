import {
  type InteractionEditReplyOptions,
  type InteractionReplyOptions,
  type MessageComponentInteraction,
  MessageFlags,
  type RepliableInteraction,
} from 'discord.js';
import type { DeferMode } from './command.js';

/**
 * A reply in one shape whatever state the interaction is in. `ephemeral`
 * only applies to a first reply or a follow-up: after a defer Discord keeps
 * the visibility chosen when deferring.
 */
export interface ReplyPayload {
  content?: string;
  embeds?: InteractionReplyOptions['embeds'];
  components?: InteractionReplyOptions['components'];
  files?: InteractionReplyOptions['files'];
  ephemeral?: boolean;
}

/** Acknowledges within Discord's 3 s window; `none` leaves it to the handler (a modal). */
export async function defer(interaction: RepliableInteraction, mode: DeferMode): Promise<void> {
  if (mode === 'none' || interaction.deferred || interaction.replied) return;

  if (mode === 'update' && interaction.isMessageComponent()) {
    await interaction.deferUpdate();
    return;
  }

  const flags = mode === 'ephemeral' ? MessageFlags.Ephemeral : undefined;
  await interaction.deferReply(flags === undefined ? {} : { flags });
}

/**
 * Sends `payload` as the right call for the interaction's state: a first
 * reply, an edit of the deferred reply, or a follow-up once replied. This is
 * the one way handlers answer, so none of them meets Discord's 40060 (already
 * acknowledged) or answers a deferred interaction twice.
 */
export async function respond(interaction: RepliableInteraction, payload: ReplyPayload): Promise<void> {
  const { ephemeral = false, ...body } = payload;

  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply({ ...body, flags: ephemeral ? MessageFlags.Ephemeral : undefined });
    return;
  }

  if (interaction.deferred && !interaction.replied) {
    await interaction.editReply(body satisfies InteractionEditReplyOptions);
    return;
  }

  await interaction.followUp({ ...body, flags: ephemeral ? MessageFlags.Ephemeral : undefined });
}

/** Edits the message a component belongs to, or the deferred reply once deferred. */
export async function respondByUpdate(
  interaction: MessageComponentInteraction,
  payload: Omit<ReplyPayload, 'ephemeral'>,
): Promise<void> {
  if (interaction.deferred || interaction.replied) {
    await interaction.editReply(payload);
    return;
  }
  await interaction.update(payload);
}
