import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

// Not age-restricted: neither the reply nor a notice outside age-restricted channels shows names or images.
export const watchDefinition = {
  type: ApplicationCommandType.ChatInput,
  name: 'watch',
  description: 'Watch the encoding of one of your files and get one notice here when it ends',
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
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
