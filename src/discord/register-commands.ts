import { DiscordAPIError, REST, RESTJSONErrorCodes } from 'discord.js';
import { Routes, type RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { DeployConfig } from '../config.js';

/** A registration is one request; waiting longer than this for Discord helps no one. */
const REQUEST_TIMEOUT_MS = 10_000;

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
  const rest = new REST({ api: config.restUrl, timeout: REQUEST_TIMEOUT_MS, retries: 1 }).setToken(
    config.token,
  );
  const route = config.devGuildId
    ? Routes.applicationGuildCommands(config.applicationId, config.devGuildId)
    : Routes.applicationCommands(config.applicationId);

  const registered = (await rest.put(route, { body: definitions })) as Array<{ name: string }>;

  return config.devGuildId
    ? { scope: 'guild', guildId: config.devGuildId, names: registered.map((command) => command.name) }
    : { scope: 'global', names: registered.map((command) => command.name) };
}

/** Turns a failed registration into a message that names the setting to check. */
export function explainRegistrationError(error: unknown, config: DeployConfig): string {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) {
      return 'Discord rejected DISCORD_TOKEN (401 Unauthorized). Copy the token again from the Developer Portal (Bot > Reset Token).';
    }
    if (
      error.code === RESTJSONErrorCodes.MissingAccess ||
      error.code === RESTJSONErrorCodes.UnknownApplication
    ) {
      const guild = config.devGuildId
        ? ` and that the bot was invited to server ${config.devGuildId} with the applications.commands scope`
        : '';
      return `Discord denied access (${error.code}: ${error.message}). Check that DISCORD_APPLICATION_ID belongs to the token's application${guild}.`;
    }
    return `Discord rejected the registration (${error.status}, code ${error.code}): ${error.message}`;
  }

  if (error instanceof Error && error.name === 'AbortError') {
    return `Discord at ${config.restUrl} did not answer within ${REQUEST_TIMEOUT_MS / 1000} s. Check DISCORD_REST_URL and the network.`;
  }

  const code = (error as { code?: unknown } | null)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  return `Could not reach Discord at ${config.restUrl}${typeof code === 'string' ? ` (${code})` : ''}: ${detail}`;
}
