import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import { publicOption } from './public-option.js';

export const convertsDefinition = {
  type: ApplicationCommandType.ChatInput,
  name: 'converts',
  description: 'Show the encoding progress of one of your files on the video host, per quality',
  // The host's content is adult content, which Discord allows only in age-restricted channels.
  nsfw: true,
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'file',
      description: 'The file ID, e.g. FXSNPOKMT4',
      required: true,
      min_length: 1,
      max_length: 64,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'quality',
      description: 'Show only this quality (default: every quality)',
      choices: [
        { name: '360p', value: '360p' },
        { name: '480p', value: '480p' },
        { name: '720p', value: '720p' },
        { name: '1080p', value: '1080p' },
      ],
    },
    publicOption,
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
