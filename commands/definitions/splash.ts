import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { publicOption } from './public-option.js';

export const splashDefinition = {
  type: ApplicationCommandType.ChatInput,
  name: 'splash',
  description: 'Show a splash image (thumbnail) of one of your files on the video host',
  // The host's content is adult content, which Discord allows only in age-restricted channels.
  nsfw: true,
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'file',
      description: 'The file ID, e.g. FXR1I5PIK1',
      required: true,
      min_length: 1,
      max_length: 64,
    },
    {
      type: ApplicationCommandOptionType.Integer,
      name: 'index',
      description: 'Which image: 0 is the big thumbnail (default), 1 to 5 the smaller ones',
      min_value: 0,
      max_value: 5,
    },
    publicOption,
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
