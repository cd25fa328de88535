import { InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { APIApplicationCommand } from 'discord-api-types/v10';

import type { ChannelRecord } from './records.js';
import type { DiscordState } from './state.js';

/**
 * Throws when Discord's client would not offer a registered command to this user here:
 * age-restricted commands outside age-restricted channels, commands whose contexts exclude the
 * place, and commands whose `default_member_permissions` the member lacks. Driver misuse shows
 * up as a plain Error, not as a Discord response.
 */
export function assertCommandOffered(
  state: DiscordState,
  command: APIApplicationCommand,
  userId: string,
  channel: ChannelRecord,
): void {
  const place = channel.guildId === undefined ? InteractionContextType.BotDM : InteractionContextType.Guild;
  const contexts = command.contexts ?? [InteractionContextType.Guild, InteractionContextType.BotDM];

  if (!contexts.includes(place)) {
    throw new Error(
      `Discord does not offer /${command.name} in ${InteractionContextType[place]} (its contexts exclude it)`,
    );
  }

  if (command.nsfw === true && channel.guildId !== undefined && !channel.nsfw) {
    throw new Error(
      `Discord does not offer age-restricted /${command.name} in non-age-restricted #${channel.name ?? ''}`,
    );
  }

  if (channel.guildId === undefined || command.default_member_permissions === null) {
    return;
  }

  const required = BigInt(command.default_member_permissions);
  const granted = state.permissionsOf(userId, channel.guildId, channel.id);
  const administrator = (granted & PermissionFlagsBits.Administrator) !== 0n;

  // "0" hides the command from everyone but administrators.
  const lacking = required === 0n || (granted & required) !== required;

  if (!administrator && lacking) {
    throw new Error(
      `Discord does not offer /${command.name} to user ${userId}: default_member_permissions not held`,
    );
  }
}
