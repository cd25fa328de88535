import { fileURLToPath } from 'node:url';
import { startBot } from './bot.js';
import { ConfigError, loadConfig, loadEnvFile } from './config.js';
import { redact } from './host/redact.js';
import { createLogger } from './logger.js';

/**
 * The process entry: reads the configuration, starts the bot, and stops it
 * cleanly on SIGINT or SIGTERM. An invalid configuration exits with code 1
 * and a list of every variable to fix.
 */
async function main(): Promise<void> {
  loadEnvFile();

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee .env.example for every variable and its meaning.\n`);
    process.exit(1);
  }

  const logger = createLogger(config.logLevel);
  logger.info({ pid: process.pid, node: process.version }, 'bot starting');
  // Resolved from this file because the bundle moves the command loader into a chunk. It is the
  // source folder `commands/` under tsx and `dist/commands/` in the build.
  const commandsDir = fileURLToPath(new URL('../commands/', import.meta.url));
  const bot = await startBot(config, logger, { commandsDir });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // The logger may not exist yet, so this writes to stderr, redacted like every log line.
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`The bot failed to start: ${redact(detail)}\n`);
  process.exit(1);
});
