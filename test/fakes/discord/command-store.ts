import { ApplicationCommandType } from 'discord-api-types/v10';
import type { APIApplicationCommand, RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';

import type { SnowflakeGenerator } from './snowflake.js';

const GLOBAL_SCOPE = 'global';

/** The application's registered commands, global and per guild, as Discord stores them. */
export class CommandStore {
  readonly #scopes = new Map<string, APIApplicationCommand[]>();
  readonly #ids: SnowflakeGenerator;
  readonly #applicationId: string;

  constructor(ids: SnowflakeGenerator, applicationId: string) {
    this.#ids = ids;
    this.#applicationId = applicationId;
  }

  /** Replaces a scope's commands; a command keeps its ID when one of the same type and name existed. */
  overwrite(
    guildId: string | undefined,
    bodies: RESTPostAPIApplicationCommandsJSONBody[],
  ): APIApplicationCommand[] {
    const previous = this.list(guildId);
    const commands = bodies.map((body) => this.#toCommand(body, guildId, previous));

    this.#scopes.set(guildId ?? GLOBAL_SCOPE, commands);
    return commands;
  }

  /** Creates a command or replaces the one with the same type and name; `created` is false for a replacement. */
  upsert(
    guildId: string | undefined,
    body: RESTPostAPIApplicationCommandsJSONBody,
  ): { command: APIApplicationCommand; created: boolean } {
    const previous = this.list(guildId);
    const command = this.#toCommand(body, guildId, previous);
    const created = !previous.some((existing) => existing.id === command.id);
    const others = previous.filter((existing) => existing.id !== command.id);

    this.#scopes.set(guildId ?? GLOBAL_SCOPE, [...others, command]);
    return { command, created };
  }

  list(guildId?: string): APIApplicationCommand[] {
    return [...(this.#scopes.get(guildId ?? GLOBAL_SCOPE) ?? [])];
  }

  delete(guildId: string | undefined, commandId: string): boolean {
    const previous = this.list(guildId);
    const remaining = previous.filter((command) => command.id !== commandId);

    this.#scopes.set(guildId ?? GLOBAL_SCOPE, remaining);
    return remaining.length !== previous.length;
  }

  /** Finds the command a user would invoke by name in a guild (guild commands first) or in DMs. */
  find(
    name: string,
    type: ApplicationCommandType,
    guildId: string | undefined,
  ): APIApplicationCommand | undefined {
    const match = (command: APIApplicationCommand): boolean => command.name === name && command.type === type;
    const guildCommand = guildId === undefined ? undefined : this.list(guildId).find(match);

    return guildCommand ?? this.list().find(match);
  }

  #toCommand(
    body: RESTPostAPIApplicationCommandsJSONBody,
    guildId: string | undefined,
    previous: APIApplicationCommand[],
  ): APIApplicationCommand {
    const type = body.type ?? ApplicationCommandType.ChatInput;
    const existing = previous.find((command) => command.type === type && command.name === body.name);
    const command: APIApplicationCommand = {
      id: existing?.id ?? this.#ids.next(),
      application_id: this.#applicationId,
      version: this.#ids.next(),
      type,
      name: body.name,
      name_localizations: body.name_localizations ?? null,
      description: 'description' in body ? (body.description ?? '') : '',
      description_localizations: body.description_localizations ?? null,
      default_member_permissions: body.default_member_permissions ?? null,
      nsfw: body.nsfw ?? false,
      contexts: body.contexts ?? null,
      integration_types: body.integration_types ?? [0],
    };

    if ('options' in body && body.options !== undefined && body.options.length > 0) {
      command.options = body.options;
    }

    if (guildId !== undefined) {
      command.guild_id = guildId;
    }

    return command;
  }
}
