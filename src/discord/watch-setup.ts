import type { Client } from 'discord.js';
import type { Config } from '../config.js';
import type { HostConnection } from '../host/connection.js';
import type { Logger } from '../logger.js';
import type { CredentialStore } from '../store/credential-store.js';
import { openKeyvTable } from '../store/open-keyv.js';
import { WatchService } from '../watch/watch-service.js';
import { WatchStore } from '../watch/watch-store.js';
import type { CompletedUpload } from './upload/upload-service.js';
import { DiscordWatchNotifier } from './watch-notifier.js';

/**
 * Builds the watch service on its own table (`watches`) with the Discord
 * notifier. `close` disconnects the table; stop the service first.
 */
export function createWatchService(options: {
  config: Config;
  logger: Logger;
  credentials: CredentialStore;
  host: HostConnection;
  client: Client;
}): { service: WatchService; close: () => Promise<void> } {
  const { config, logger } = options;
  const table = openKeyvTable<unknown>(config.dataDir, 'watches');
  const store = new WatchStore(table, (key, reason) =>
    logger.error({ key, reason }, 'stored watch is invalid and was skipped'),
  );

  const service = new WatchService({
    store,
    credentials: options.credentials,
    host: options.host,
    notifier: new DiscordWatchNotifier(options.client, config.host.apiUrl),
    settings: config.watch,
    // A local test host (plain http) runs on 127.0.0.1, so both relax together.
    splash: { allowHttp: config.host.allowHttp, allowPrivateAddresses: config.host.allowHttp },
    logger: logger.child({ component: 'watch' }),
  });

  return { service, close: () => table.disconnect() };
}

/**
 * Watches the file an upload just made, with the notice going where the
 * upload began. Returns the line added to the upload's result message.
 */
export async function watchUpload(watches: WatchService, upload: CompletedUpload): Promise<string | null> {
  const { request, result } = upload;
  const { created } = await watches.add({
    fileId: result.fileId,
    userId: request.userId,
    guildId: request.guildId,
    channelId: request.channelId,
    fileName: request.attachment.name,
    source: 'upload',
  });
  return created ? 'The bot is watching its encoding and will post one notice here when it ends.' : null;
}
