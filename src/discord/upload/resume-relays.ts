import type { Client } from 'discord.js';
import type { Logger } from '../../logger.js';
import type { CredentialStore } from '../../store/credential-store.js';
import type { HostConnection } from '../../host/connection.js';
import type { RelayRecord, RelayStore } from '../../store/relay-store.js';
import { escapeHostText } from '../embeds/host-text.js';
import { ProgressMessage } from './progress-message.js';
import type { UploadService } from './upload-service.js';

export interface ResumeDependencies {
  client: Client;
  logger: Logger;
  store: RelayStore;
  uploads: UploadService;
  credentials: CredentialStore;
  host: HostConnection;
}

/**
 * Handles the relays a restart interrupted, so none is dropped silently. A
 * relay started from a message is run again with a fresh attachment URL
 * (CDN URLs expire), fetched with the message. One started from a slash
 * command's attachment cannot be fetched again, so its user is told to run
 * the command again. Resumed relays run in the background.
 */
export async function resumeInterruptedRelays(deps: ResumeDependencies): Promise<number> {
  const { records, invalid } = await deps.store.all();
  for (const key of invalid) {
    deps.logger.error({ jobId: key }, 'unreadable relay record dropped');
    await deps.store.delete(key);
  }

  for (const record of records) {
    await deps.store.delete(record.jobId);
    const logger = deps.logger.child({ jobId: record.jobId, userId: record.userId });

    const resumed = record.origin.kind === 'message' ? await resumeFromMessage(deps, record, logger) : false;
    if (!resumed) await reportInterrupted(deps, record, logger);
  }
  return records.length;
}

async function resumeFromMessage(
  deps: ResumeDependencies,
  record: RelayRecord,
  logger: Logger,
): Promise<boolean> {
  if (record.origin.kind !== 'message') return false;
  const { messageId, attachmentId } = record.origin;

  const credentials = await deps.credentials.get(record.userId).catch(() => undefined);
  if (!credentials) return false;

  let attachment;
  try {
    const channel = await deps.client.channels.fetch(record.channelId);
    if (!channel?.isTextBased()) return false;
    const message = await channel.messages.fetch(messageId);
    attachment = message.attachments.get(attachmentId);
  } catch (error) {
    logger.warn({ err: error, messageId }, 'could not fetch the message of an interrupted relay');
    return false;
  }
  if (!attachment) return false;

  logger.info({ messageId }, 'resuming an interrupted relay');
  const message = new ProgressMessage({
    client: deps.client,
    userId: record.userId,
    channelId: record.channelId,
    logger,
  });
  void deps.uploads.relay({
    userId: record.userId,
    guildId: record.guildId,
    channelId: record.channelId,
    attachment: {
      id: attachment.id,
      name: attachment.name,
      url: attachment.url,
      size: attachment.size,
      contentType: attachment.contentType,
    },
    folderId: record.folderId,
    origin: record.origin,
    message,
    hostClient: deps.host.forUser(credentials),
  });
  return true;
}

async function reportInterrupted(
  deps: ResumeDependencies,
  record: RelayRecord,
  logger: Logger,
): Promise<void> {
  const text =
    `<@${record.userId}> Your upload of ${escapeHostText(record.fileName)} was interrupted because the bot restarted, ` +
    'and it could not be resumed. Run /upload again with the file.';

  try {
    const channel = await deps.client.channels.fetch(record.channelId);
    if (!channel?.isSendable()) throw new Error('channel cannot receive messages');
    await channel.send({ content: text, allowedMentions: { users: [record.userId] } });
    logger.info('reported an interrupted relay');
  } catch (error) {
    logger.warn({ err: error }, 'could not report an interrupted relay');
  }
}
