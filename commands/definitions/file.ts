import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { publicOption } from './public-option.js';

export const fileDefinition = {
  type: ApplicationCommandType.ChatInput,
  name: 'file',
  description: 'Show your files on the video host: name, dates, views, qualities and link',
  // The host's content is adult content, which Discord allows only in age-restricted channels.
  nsfw: true,
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'ids',
      description: 'One or more file IDs (up to 500), separated by commas or spaces, e.g. FXR1I5PIK1',
      required: true,
      min_length: 1,
      // Discord's maximum for a string option: room for 500 IDs of 10 characters and separators.
      max_length: 6000,
    },
    publicOption,
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
