import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { accountDefinition } from './account.js';
import { convertsDefinition } from './converts.js';
import { fileDefinition } from './file.js';
import { folderDefinition } from './folder.js';
import { loginDefinition } from './login.js';
import { logoutDefinition } from './logout.js';
import { splashDefinition } from './splash.js';
import { uploadMessageDefinition } from './upload-message.js';
import { uploadDefinition } from './upload.js';
import { watchDefinition } from './watch.js';
import { watchesDefinition } from './watches.js';

/**
 * Every command definition, as registered with Discord. Definitions import
 * nothing of the bot, so `deploy-commands.ts` can register them without
 * loading handlers, stores or the host client.
 */
export const commandDefinitions: RESTPostAPIApplicationCommandsJSONBody[] = [
  loginDefinition,
  logoutDefinition,
  accountDefinition,
  fileDefinition,
  folderDefinition,
  convertsDefinition,
  splashDefinition,
  uploadDefinition,
  uploadMessageDefinition,
  watchDefinition,
  watchesDefinition,
];
