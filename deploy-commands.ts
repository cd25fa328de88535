import { commandDefinitions } from './commands/definitions/index.js';
import { loadDeployConfig, loadEnvFile } from './src/config.js';
import { explainRegistrationError, registerCommands } from './src/discord/register-commands.js';

/**
 * Registers every command definition with Discord, globally or in
 * DISCORD_DEV_GUILD_ID, without starting the bot: `npm run deploy-commands`.
 */
async function main(): Promise<void> {
  loadEnvFile();
  const config = loadDeployConfig();

  let result;
  try {
    result = await registerCommands(config, commandDefinitions);
  } catch (error) {
    throw new Error(`Registration failed. ${explainRegistrationError(error, config)}`, { cause: error });
  }

  const where =
    result.scope === 'guild' ? `in guild ${result.guildId}` : 'globally (may take up to an hour to appear)';
  process.stdout.write(`Registered ${result.names.length} commands ${where}: ${result.names.join(', ')}\n`);
}

main().catch((error: unknown) => {
  const detail = error instanceof Error ? error.message : String(error);
  process.stderr.write(`${detail}\n`);
  process.exit(1);
});
