import { REST } from 'discord.js';
import { Routes, type RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { DeployConfig } from '../config.js';

export interface RegistrationResult {
  scope: 'global' | 'guild';
  guildId?: string;
  names: string[];
}

/**
 * Replaces the application's commands with `definitions` (a bulk overwrite,
 * so removed commands disappear). With a development guild the commands
 * apply at once in that guild; global commands may take up to an hour to
 * show in every client.
 */
export async function registerCommands(
  config: DeployConfig,
  definitions: RESTPostAPIApplicationCommandsJSONBody[],
): Promise<RegistrationResult> {
  const rest = new REST({ api: config.restUrl }).setToken(config.token);
  const route = config.devGuildId
    ? Routes.applicationGuildCommands(config.applicationId, config.devGuildId)
    : Routes.applicationCommands(config.applicationId);

  const registered = (await rest.put(route, { body: definitions })) as Array<{ name: string }>;

  return config.devGuildId
    ? { scope: 'guild', guildId: config.devGuildId, names: registered.map((command) => command.name) }
    : { scope: 'global', names: registered.map((command) => command.name) };
}
