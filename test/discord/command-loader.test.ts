import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../commands/definitions/index.js';
import { CommandLoadError, loadCommands } from '../../src/discord/command-loader.js';

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/commands/${name}/`, import.meta.url));

describe('loadCommands', () => {
  it('loads one module per registered definition', async () => {
    const { commands } = await loadCommands();

    expect([...commands.keys()].sort()).toEqual(
      commandDefinitions.map((definition) => definition.name).sort(),
    );
    for (const definition of commandDefinitions) {
      expect(commands.get(definition.name)?.definition).toBe(definition);
    }
  });

  it('rejects a module without a handler, naming its file', async () => {
    const error = await loadCommands(fixture('broken')).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(CommandLoadError);
    expect((error as CommandLoadError).file).toBe('no-execute.ts');
    expect((error as Error).message).toBe(
      'Command module no-execute.ts is invalid: default.command.execute must be a function',
    );
  });

  it('rejects two modules with one command name', async () => {
    await expect(loadCommands(fixture('duplicate'))).rejects.toThrow(
      'Command module second.ts is invalid: command name "twice" is already taken',
    );
  });
});
