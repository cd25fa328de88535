import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { publicOption } from './public-option.js';

export const folderDefinition = {
  type: ApplicationCommandType.ChatInput,
  name: 'folder',
  description: 'List the folders and files of one of your folders on the video host',
  // The host's content is adult content, which Discord allows only in age-restricted channels.
  nsfw: true,
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'folder_id',
      description: 'The folder to list, e.g. 26 (default: your root folder)',
      autocomplete: true,
      max_length: 20,
    },
    {
      type: ApplicationCommandOptionType.Boolean,
      name: 'recent',
      description: 'List only what was added in the last 24 hours',
    },
    publicOption,
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
