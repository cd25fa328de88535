import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type {
  APIApplicationCommand,
  APIApplicationCommandInteractionDataOption,
  APIApplicationCommandOption,
} from 'discord-api-types/v10';

import { FakeAttachment } from './attachment.js';

/**
 * A value a test gives for a slash command option. The registered command definition, when
 * there is one, sets the option type. Otherwise the JavaScript type does, and whole numbers
 * become integers. `{ type, value }` sets the type explicitly.
 */
export type OptionInput =
  | string
  | number
  | boolean
  | FakeAttachment
  | { type: ApplicationCommandOptionType; value: string | number | boolean };

export interface OptionRequest {
  commandName: string;
  definition: APIApplicationCommand | undefined;
  subcommandGroup?: string;
  subcommand?: string;
  values: Record<string, OptionInput>;
  /** For autocomplete: the option the user is typing in, which Discord marks `focused`. */
  focused?: string;
}

interface DataOption {
  name: string;
  type: ApplicationCommandOptionType;
  value?: string | number | boolean;
  focused?: boolean;
  options?: DataOption[];
}

/**
 * Builds `data.options` as Discord sends them, nested under the subcommand (group), and lists
 * the attachments the options refer to. Throws when the values could not come from Discord's
 * client: unknown options, missing required ones, wrong types or values outside the choices.
 */
export function buildCommandOptions(request: OptionRequest): {
  options: APIApplicationCommandInteractionDataOption[];
  attachments: FakeAttachment[];
} {
  const definitions = leafDefinitions(request);
  const attachments: FakeAttachment[] = [];
  const leaf = Object.entries(request.values).map(([name, input]) => {
    const option = toDataOption(request, definitions, name, input);

    if (input instanceof FakeAttachment) {
      attachments.push(input);
    }

    return option;
  });

  if (definitions !== undefined && request.focused === undefined) {
    assertRequiredPresent(request, definitions);
  }

  let options: DataOption[] = leaf;

  if (request.subcommand !== undefined) {
    options = [{ name: request.subcommand, type: ApplicationCommandOptionType.Subcommand, options }];
  }

  if (request.subcommandGroup !== undefined) {
    options = [
      { name: request.subcommandGroup, type: ApplicationCommandOptionType.SubcommandGroup, options },
    ];
  }

  return { options: options as APIApplicationCommandInteractionDataOption[], attachments };
}

/** Returns the registered option definitions under the chosen subcommand, or undefined without a definition. */
function leafDefinitions(request: OptionRequest): APIApplicationCommandOption[] | undefined {
  if (request.definition === undefined) {
    return undefined;
  }

  let options = request.definition.options ?? [];
  const path: [string | undefined, ApplicationCommandOptionType][] = [
    [request.subcommandGroup, ApplicationCommandOptionType.SubcommandGroup],
    [request.subcommand, ApplicationCommandOptionType.Subcommand],
  ];

  for (const [name, type] of path) {
    if (name === undefined) {
      continue;
    }

    const found = options.find((option) => option.name === name && option.type === type);

    if (found === undefined) {
      throw new Error(`/${request.commandName} has no ${ApplicationCommandOptionType[type]} "${name}"`);
    }

    options = ('options' in found ? found.options : undefined) ?? [];
  }

  return options;
}

function toDataOption(
  request: OptionRequest,
  definitions: APIApplicationCommandOption[] | undefined,
  name: string,
  input: OptionInput,
): DataOption {
  const definition = definitions?.find((option) => option.name === name);

  if (definitions !== undefined && definition === undefined) {
    throw new Error(`/${request.commandName} has no option "${name}"`);
  }

  const explicit = typeof input === 'object' && !(input instanceof FakeAttachment) ? input : undefined;
  const type = explicit?.type ?? definition?.type ?? inferType(input);
  const value =
    input instanceof FakeAttachment ? input.id : (explicit?.value ?? (input as string | number | boolean));
  const focused = request.focused === name;

  if (!focused) {
    assertValueFits(request.commandName, name, type, input, value, definition);
  }

  return focused ? { name, type, value, focused: true } : { name, type, value };
}

function inferType(input: OptionInput): ApplicationCommandOptionType {
  if (input instanceof FakeAttachment) {
    return ApplicationCommandOptionType.Attachment;
  }

  if (typeof input === 'boolean') {
    return ApplicationCommandOptionType.Boolean;
  }

  if (typeof input === 'number') {
    return Number.isInteger(input)
      ? ApplicationCommandOptionType.Integer
      : ApplicationCommandOptionType.Number;
  }

  return ApplicationCommandOptionType.String;
}

function assertValueFits(
  commandName: string,
  name: string,
  type: ApplicationCommandOptionType,
  input: OptionInput,
  value: string | number | boolean,
  definition: APIApplicationCommandOption | undefined,
): void {
  const fits: Partial<Record<ApplicationCommandOptionType, boolean>> = {
    [ApplicationCommandOptionType.String]: typeof value === 'string',
    [ApplicationCommandOptionType.Integer]: Number.isInteger(value),
    [ApplicationCommandOptionType.Number]: typeof value === 'number',
    [ApplicationCommandOptionType.Boolean]: typeof value === 'boolean',
    [ApplicationCommandOptionType.Attachment]: input instanceof FakeAttachment,
  };

  if (fits[type] === false) {
    throw new Error(
      `/${commandName} option "${name}" is a ${ApplicationCommandOptionType[type]}; got ${String(value)}`,
    );
  }

  const choices = definition !== undefined && 'choices' in definition ? (definition.choices ?? []) : [];

  if (choices.length > 0 && !choices.some((choice) => choice.value === value)) {
    throw new Error(`/${commandName} option "${name}" allows only its choices; got ${String(value)}`);
  }
}

function assertRequiredPresent(request: OptionRequest, definitions: APIApplicationCommandOption[]): void {
  for (const option of definitions) {
    const required = 'required' in option && option.required === true;

    if (required && !(option.name in request.values)) {
      throw new Error(`/${request.commandName} needs its required option "${option.name}"`);
    }
  }
}
