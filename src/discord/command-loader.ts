import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { Command, CommandModule, ComponentHandler } from './command.js';

/**
 * Loads every module of `commands/` and checks it against the `Command`
 * shape at start-up, so a broken module stops the bot with its file name
 * instead of failing at its first use.
 */

const COMMANDS_DIR = fileURLToPath(new URL('../../commands/', import.meta.url));

const functionSchema = z.custom<(...args: never[]) => unknown>(
  (value) => typeof value === 'function',
  'must be a function',
);

const deferSchema = z.union([z.enum(['ephemeral', 'public', 'update', 'none']), functionSchema]);

const commandSchema = z.object({
  kind: z.enum(['slash', 'message']),
  definition: z.looseObject({
    name: z.string().regex(/^[-_'\p{L}\p{N} ]{1,32}$/u, 'must be 1 to 32 letters, digits, -, _ or spaces'),
  }),
  defer: deferSchema,
  execute: functionSchema,
  autocomplete: functionSchema.optional(),
});

const componentSchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits or -'),
  defer: z.enum(['ephemeral', 'public', 'update', 'none']),
  execute: functionSchema,
});

const moduleSchema = z.object({
  default: z.object({
    command: commandSchema,
    components: z.array(componentSchema).optional(),
  }),
});

export class CommandLoadError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`Command module ${file} is invalid: ${reason}`);
    this.name = 'CommandLoadError';
  }
}

export interface LoadedCommands {
  /** By command name (slash commands and context-menu commands share one namespace per kind; names here are unique). */
  commands: Map<string, Command>;
  /** By the handler name at the start of a custom ID. */
  components: Map<string, ComponentHandler>;
}

export async function loadCommands(directory = COMMANDS_DIR): Promise<LoadedCommands> {
  const commands = new Map<string, Command>();
  const components = new Map<string, ComponentHandler>();

  for (const file of await commandFiles(directory)) {
    const loaded = await importModule(directory, file);

    const name = loaded.command.definition.name;
    if (commands.has(name)) throw new CommandLoadError(file, `command name "${name}" is already taken`);
    commands.set(name, loaded.command);

    for (const component of loaded.components ?? []) {
      if (components.has(component.name)) {
        throw new CommandLoadError(file, `component handler "${component.name}" is already taken`);
      }
      components.set(component.name, component);
    }
  }

  return { commands, components };
}

async function commandFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => entry.name)
    .sort();
}

async function importModule(directory: string, file: string): Promise<CommandModule> {
  let imported: unknown;
  try {
    imported = await import(pathToFileURL(path.join(directory, file)).href);
  } catch (error) {
    throw new CommandLoadError(
      file,
      `import failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  const parsed = moduleSchema.safeParse(imported);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CommandLoadError(
      file,
      `${issue?.path.join('.') || 'default export'} ${issue?.message ?? 'is invalid'}`,
    );
  }

  // zod checked the shape; the functions' signatures are TypeScript's to check.
  return (imported as { default: CommandModule }).default;
}
