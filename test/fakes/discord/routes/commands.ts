import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';

import { validateCommands } from '../command-validation.js';
import type { FakeContext } from '../context.js';
import { DiscordErrors } from '../errors.js';
import { asJsonObject } from '../multipart.js';
import type { RouteRequest, Router } from '../router.js';
import { noContent, ok } from '../router.js';

/** Registers global and guild command routes: bulk overwrite, list, create, fetch and delete. */
export function registerCommandRoutes(router: Router, context: FakeContext): void {
  for (const base of [
    '/applications/:applicationId/commands',
    '/applications/:applicationId/guilds/:guildId/commands',
  ]) {
    router.add('PUT', base, (request) => {
      const guildId = requireScope(context, request);

      if (!Array.isArray(request.json)) {
        throw DiscordErrors.invalidJson();
      }

      const bodies = request.json as RESTPostAPIApplicationCommandsJSONBody[];
      validateCommands(bodies, true);
      return ok(context.commands.overwrite(guildId, bodies));
    });

    router.add('GET', base, (request) => ok(context.commands.list(requireScope(context, request))));

    router.add('POST', base, (request) => {
      const guildId = requireScope(context, request);
      const body = asJsonObject(request.json ?? {}) as unknown as RESTPostAPIApplicationCommandsJSONBody;
      validateCommands([body], false);
      const { command, created } = context.commands.upsert(guildId, body);
      return { status: created ? 201 : 200, body: command };
    });

    router.add('GET', `${base}/:commandId`, (request) => {
      const guildId = requireScope(context, request);
      const command = context.commands
        .list(guildId)
        .find((candidate) => candidate.id === request.params.commandId);

      if (command === undefined) {
        throw DiscordErrors.unknownApplicationCommand();
      }

      return ok(command);
    });

    router.add('DELETE', `${base}/:commandId`, (request) => {
      const guildId = requireScope(context, request);

      if (!context.commands.delete(guildId, request.params.commandId ?? '')) {
        throw DiscordErrors.unknownApplicationCommand();
      }

      return noContent();
    });
  }
}

/**
 * Checks the application ID and, for guild routes, that the bot is in the guild; Discord rejects
 * both mistakes with 403 Missing Access (50001). Returns the guild ID, or undefined for global.
 */
function requireScope(context: FakeContext, request: RouteRequest): string | undefined {
  const { applicationId, guildId } = request.params;

  if (applicationId !== context.applicationId) {
    throw DiscordErrors.missingAccess();
  }

  if (guildId !== undefined && !context.state.guilds.has(guildId)) {
    throw DiscordErrors.missingAccess();
  }

  return guildId;
}
