import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { accountDefinition } from './account.js';
import { loginDefinition } from './login.js';
import { logoutDefinition } from './logout.js';

/**
 * Every command definition, as registered with Discord. Definitions import
 * nothing of the bot, so `deploy-commands.ts` can register them without
 * loading handlers, stores or the host client.
 */
export const commandDefinitions: RESTPostAPIApplicationCommandsJSONBody[] = [
  loginDefinition,
  logoutDefinition,
  accountDefinition,
];
