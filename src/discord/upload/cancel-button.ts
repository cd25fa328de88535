import { ActionRowBuilder, ButtonBuilder, ButtonStyle } from 'discord.js';
import { encodeCustomId } from '../custom-id.js';

/** The component handler name of relay Cancel buttons: `relay-cancel:<jobId>`. */
export const CANCEL_HANDLER = 'relay-cancel';

export function cancelRow(jobId: string): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder()
      .setCustomId(encodeCustomId(CANCEL_HANDLER, jobId))
      .setLabel('Cancel')
      .setStyle(ButtonStyle.Secondary),
  );
}
