import { mkdir } from 'node:fs/promises';
import { type Client, Events } from 'discord.js';
import type { Config } from './config.js';
import { createClient } from './discord/create-client.js';
import { loadCommands } from './discord/command-loader.js';
import type { BotContext } from './discord/context.js';
import { FolderChoiceCache } from './discord/folder-choices.js';
import { InteractionRouter } from './discord/interaction-router.js';
import { createWatchService, watchUpload } from './discord/watch-setup.js';
import { HostConnection } from './host/connection.js';
import type { Logger } from './logger.js';
import { CredentialStore } from './store/credential-store.js';
import { FilePageStore, type FilePagesRecord } from './store/file-page-store.js';
import { openKeyvTable } from './store/open-keyv.js';
import { RelayStore, type RelayRecord } from './store/relay-store.js';
import { SealedBox } from './store/sealed-box.js';
import { resumeInterruptedRelays } from './discord/upload/resume-relays.js';
import { UploadService } from './discord/upload/upload-service.js';

export interface RunningBot {
  client: Client;
  context: BotContext;
  /** Stops taking interactions, lets the running ones finish, then closes the gateway, stores and sockets. */
  stop(): Promise<void>;
}

/**
 * Wires the bot together and logs in. `src/index.ts` calls this with the
 * environment's configuration; tests call it with the fakes' URLs.
 */
export interface StartOptions {
  /** Folder of the command modules; `commands/` by default. */
  commandsDir?: string;
}

export async function startBot(
  config: Config,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningBot> {
  await mkdir(config.dataDir, { recursive: true });

  const credentialTable = openKeyvTable<never>(config.dataDir, 'credentials');
  const credentials = new CredentialStore(
    credentialTable,
    new SealedBox(config.credentials.currentKey, config.credentials.oldKeys),
  );
  const host = new HostConnection({
    apiUrl: config.host.apiUrl,
    uploadUrl: config.host.uploadUrl,
    requireHttps: !config.host.allowHttp,
    timeouts: config.host.timeouts,
    retry: { attempts: config.host.retryAttempts, baseDelayMs: 500, maxDelayMs: 8000 },
    onRetry: (event) => logger.warn({ retry: event }, 'retrying a host request'),
  });

  const client = createClient(config);
  watchClient(client, logger);
  const watchSetup = createWatchService({ config, logger, credentials, host, client });
  const watches = watchSetup.service;

  const relayTable = openKeyvTable<RelayRecord>(config.dataDir, 'relays');
  const relayStore = new RelayStore(relayTable);
  const uploads = new UploadService({
    config,
    logger,
    store: relayStore,
    onUploaded: (upload) => watchUpload(watches, upload),
  });

  const filePageTable = openKeyvTable<FilePagesRecord>(config.dataDir, 'file_pages');
  const filePages = new FilePageStore(filePageTable, {
    onSweepError: (error) => logger.warn({ err: error }, 'sweeping expired /file pages failed'),
  });

  const context: BotContext = {
    config,
    logger,
    credentials,
    host,
    uploads,
    watches,
    filePages,
    folderChoices: new FolderChoiceCache(),
  };
  const router = new InteractionRouter(await loadCommands(options.commandsDir), context);

  client.on(Events.InteractionCreate, (interaction) => void router.handle(interaction));

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(config.discord.token);
  await ready;
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'bot ready');
  // Started once the client is ready, so a notice owed from before a restart can be sent at once.
  await watches.start();

  const removed = await uploads.cleanLeftovers();
  if (removed > 0) logger.info({ removed }, 'removed spool files left by an earlier run');
  const resumed = await resumeInterruptedRelays({
    client,
    logger,
    store: relayStore,
    uploads,
    credentials,
    host,
  });
  if (resumed > 0) logger.info({ relays: resumed }, 'handled relays interrupted by a restart');

  return {
    client,
    context,
    async stop() {
      client.removeAllListeners(Events.InteractionCreate);
      await uploads.shutdown();
      await router.drain();
      // Before the client goes: a poll that is finishing may still send its notice.
      await watches.stop();
      await client.destroy();
      await host.close();
      await Promise.all([
        credentialTable.disconnect(),
        watchSetup.close(),
        relayTable.disconnect(),
        filePageTable.disconnect(),
      ]);
      logger.info('bot stopped');
    },
  };
}

function watchClient(client: Client, logger: Logger): void {
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) =>
    logger.warn({ shardId, code: event.code }, 'gateway disconnected'),
  );
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway resumed'));
  client.rest.on('rateLimited', (info) =>
    logger.warn(
      { route: info.route, retryAfterMs: info.retryAfter, global: info.global },
      'discord rate limit',
    ),
  );
}
