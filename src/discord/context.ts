import type { Config } from '../config.js';
import type { HostConnection } from '../host/connection.js';
import type { Logger } from '../logger.js';
import type { CredentialStore } from '../store/credential-store.js';
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
}
