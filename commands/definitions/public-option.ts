import { ApplicationCommandOptionType, type APIApplicationCommandBooleanOption } from 'discord-api-types/v10';

/**
 * The `public` option of the commands that show host content. Their replies
 * are ephemeral unless it is true, and the bot honours it only where adult
 * content is allowed (an age-restricted channel or a DM with the bot).
 */
export const publicOption = {
  type: ApplicationCommandOptionType.Boolean,
  name: 'public',
  description: 'Show the reply to everyone in this age-restricted channel (default: only you)',
} satisfies APIApplicationCommandBooleanOption;
