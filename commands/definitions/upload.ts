import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

export const uploadDefinition = {
  type: ApplicationCommandType.ChatInput,
  name: 'upload',
  description: 'Upload a video to your video host account',
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
  options: [
    {
      type: ApplicationCommandOptionType.Attachment,
      name: 'file',
      description: 'The video to upload',
      required: true,
    },
    {
      type: ApplicationCommandOptionType.String,
      name: 'folder',
      description: 'Folder ID on the host to upload into (digits); your root folder if empty',
      required: false,
      max_length: 20,
    },
  ],
} satisfies RESTPostAPIChatInputApplicationCommandsJSONBody;
