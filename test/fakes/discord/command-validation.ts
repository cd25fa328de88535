import { ApplicationCommandOptionType, ApplicationCommandType } from 'discord-api-types/v10';
import type {
  APIApplicationCommandOption,
  RESTPostAPIApplicationCommandsJSONBody,
} from 'discord-api-types/v10';

import type { FormError } from './errors.js';
import { invalidFormBody } from './errors.js';

// Discord's limits for application commands, from its documentation of the command object.
const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
const MAX_PER_TYPE: Record<number, number> = {
  [ApplicationCommandType.ChatInput]: 100,
  [ApplicationCommandType.User]: 15,
  [ApplicationCommandType.Message]: 15,
};

type Path = (string | number)[];

/**
 * Checks command definitions against Discord's rules and throws its 400 "Invalid Form Body"
 * (50035) listing every problem. In a bulk overwrite each path starts with the command's index.
 */
export function validateCommands(commands: RESTPostAPIApplicationCommandsJSONBody[], bulk: boolean): void {
  const errors: FormError[] = [];
  const seen = new Set<string>();
  const counts = new Map<number, number>();

  commands.forEach((command, index) => {
    const path: Path = bulk ? [index] : [];
    const type = command.type ?? ApplicationCommandType.ChatInput;
    const key = `${type}:${command.name}`;

    errors.push(...commandErrors(command, type, path));

    if (seen.has(key)) {
      errors.push({
        path: [...path, 'name'],
        code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
        message: `Application command names must be unique`,
      });
    }

    seen.add(key);
    counts.set(type, (counts.get(type) ?? 0) + 1);
  });

  for (const [type, count] of counts) {
    const max = MAX_PER_TYPE[type];

    if (max !== undefined && count > max) {
      errors.push({ path: [], code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
    }
  }

  if (errors.length > 0) {
    throw invalidFormBody(errors);
  }
}

function commandErrors(
  command: RESTPostAPIApplicationCommandsJSONBody,
  type: number,
  path: Path,
): FormError[] {
  const errors: FormError[] = [];
  const name = typeof command.name === 'string' ? command.name : '';
  const description =
    'description' in command && typeof command.description === 'string' ? command.description : '';

  if (type === ApplicationCommandType.ChatInput) {
    errors.push(...nameErrors(name, [...path, 'name']));

    if (description.length < 1 || description.length > 100) {
      errors.push(lengthError([...path, 'description'], 1, 100));
    }

    const options = 'options' in command ? (command.options ?? []) : [];
    errors.push(...optionErrors(options, [...path, 'options']));
  } else {
    if (name.length < 1 || name.length > 32) {
      errors.push(lengthError([...path, 'name'], 1, 32));
    }

    if (description !== '') {
      errors.push({
        path: [...path, 'description'],
        code: 'BASE_TYPE_MAX_LENGTH',
        message: 'Context menu commands cannot have a description.',
      });
    }
  }

  return errors;
}

function optionErrors(options: APIApplicationCommandOption[], path: Path): FormError[] {
  const errors: FormError[] = [];
  let optionalSeen = false;

  if (options.length > MAX_OPTIONS) {
    errors.push({
      path,
      code: 'BASE_TYPE_MAX_LENGTH',
      message: `Must be ${MAX_OPTIONS} or fewer in length.`,
    });
  }

  options.forEach((option, index) => {
    const optionPath = [...path, index];
    const required = 'required' in option && option.required === true;
    errors.push(...nameErrors(option.name, [...optionPath, 'name']));

    if (option.description.length < 1 || option.description.length > 100) {
      errors.push(lengthError([...optionPath, 'description'], 1, 100));
    }

    if (required && optionalSeen) {
      errors.push({
        path: optionPath,
        code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        message: 'Required options must be placed before non-required options',
      });
    }

    optionalSeen ||= !required && !isSubcommand(option);
    errors.push(...choiceErrors(option, optionPath));

    if (isSubcommand(option)) {
      const children = ('options' in option ? (option.options ?? []) : []) as APIApplicationCommandOption[];
      errors.push(...optionErrors(children, [...optionPath, 'options']));
    }
  });

  return errors;
}

function choiceErrors(option: APIApplicationCommandOption, path: Path): FormError[] {
  const choices = 'choices' in option ? (option.choices ?? []) : [];
  const autocomplete = 'autocomplete' in option && option.autocomplete === true;
  const errors: FormError[] = [];

  if (choices.length > MAX_CHOICES) {
    errors.push({
      path: [...path, 'choices'],
      code: 'BASE_TYPE_MAX_LENGTH',
      message: `Must be ${MAX_CHOICES} or fewer in length.`,
    });
  }

  if (autocomplete && choices.length > 0) {
    errors.push({
      path: [...path, 'autocomplete'],
      code: 'AUTOCOMPLETE_CHOICES_INVALID',
      message: 'Autocomplete cannot be set with choices',
    });
  }

  return errors;
}

function nameErrors(name: string, path: Path): FormError[] {
  if (!CHAT_INPUT_NAME.test(name)) {
    return [{ path, code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' }];
  }

  if (name !== name.toLowerCase()) {
    return [{ path, code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name must be lowercase' }];
  }

  return [];
}

function lengthError(path: Path, min: number, max: number): FormError {
  return { path, code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between ${min} and ${max} in length.` };
}

function isSubcommand(option: APIApplicationCommandOption): boolean {
  return (
    option.type === ApplicationCommandOptionType.Subcommand ||
    option.type === ApplicationCommandOptionType.SubcommandGroup
  );
}
