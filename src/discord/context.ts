import type { Config } from '../config.js';
import type { HostConnection } from '../host/connection.js';
import type { Logger } from '../logger.js';
import type { CredentialStore } from '../store/credential-store.js';
import type { FilePageStore } from '../store/file-page-store.js';
import type { FolderChoiceCache } from './folder-choices.js';
import type { WatchService } from '../watch/watch-service.js';
import type { UploadService } from './upload/upload-service.js';

/**
 * The services a command handler may use. Handlers get them from here, not
 * from module globals, so a test can start a bot with its own stores and fakes.
 */
export interface BotContext {
  config: Config;
  logger: Logger;
  credentials: CredentialStore;
  host: HostConnection;
  uploads: UploadService;
  /** Durable watches of the host's encoding, with their notices. */
  watches: WatchService;
  /** Paging state of `/file` replies. */
  filePages: FilePageStore;
  /** Each user's root folders for `/folder` autocomplete, kept for a minute. */
  folderChoices: FolderChoiceCache;
}
