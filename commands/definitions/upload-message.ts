import {
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

/** The message context-menu command: right-click a message > Apps > Upload to host. */
export const uploadMessageDefinition = {
  type: ApplicationCommandType.Message,
  name: 'Upload to host',
  integration_types: [ApplicationIntegrationType.GuildInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM],
} satisfies RESTPostAPIContextMenuApplicationCommandsJSONBody;
