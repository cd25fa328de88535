import type { Config } from '../../config.js';
import type { HostClient } from '../../host/client.js';
import type { Logger } from '../../logger.js';
import { AttachmentDownloader } from '../../relay/download.js';
import { isRelayError, RelayCancelledError } from '../../relay/errors.js';
import { formatBytes } from '../../relay/format-bytes.js';
import { ProgressReporter } from '../../relay/progress-reporter.js';
import { relayAttachment, type RelayResult } from '../../relay/relay.js';
import { RelayQueue, type CancelOutcome } from '../../relay/relay-queue.js';
import { cleanSpool, spoolDirectory } from '../../relay/spool.js';
import type { RelayOrigin, RelayStore } from '../../store/relay-store.js';
import { escapeHostText } from '../embeds/host-text.js';
import { shownLink } from '../file-link.js';
import { newErrorReference } from '../reference.js';
import { cancelRow } from './cancel-button.js';
import type { ProgressMessage } from './progress-message.js';
import type { VideoAttachment } from './video-attachments.js';

export interface RelayRequest {
  userId: string;
  guildId: string | null;
  channelId: string;
  attachment: VideoAttachment;
  folderId: string | null;
  origin: RelayOrigin;
  message: ProgressMessage;
  hostClient: HostClient;
}

export interface CompletedUpload {
  request: RelayRequest;
  result: RelayResult;
}

export interface UploadServiceOptions {
  config: Config;
  logger: Logger;
  store: RelayStore;
  /** Runs after a successful upload (e.g. to start watching its encoding); returns a line to add to the result. */
  onUploaded?: (upload: CompletedUpload) => Promise<string | null>;
}

/**
 * Runs relays for the upload commands: queues them under the per-user and
 * overall limits, records each one so a restart can resume or report it,
 * shows progress on the request's message, and ends with the new file's link.
 */
export class UploadService {
  readonly queue: RelayQueue;
  readonly #downloader: AttachmentDownloader;
  readonly #spoolDir: string;

  constructor(private readonly options: UploadServiceOptions) {
    const { config } = options;
    this.queue = new RelayQueue({
      perUser: config.relay.perUser,
      total: config.relay.total,
      onListenerError: (error, jobId) => options.logger.warn({ err: error, jobId }, 'relay listener failed'),
    });
    this.#downloader = new AttachmentDownloader({
      allowedHosts: config.discord.attachmentHosts,
      maxBytes: config.relay.maxBytes,
      allowHttp: config.host.allowHttp,
      timeouts: config.host.timeouts,
    });
    this.#spoolDir = spoolDirectory(config.dataDir);
  }

  /** Removes spool files a crash left behind; call before resuming relays. */
  async cleanLeftovers(): Promise<number> {
    return cleanSpool(this.#spoolDir);
  }

  /** Queues one relay and resolves when it has ended, whatever the outcome; the message shows it. */
  async relay(request: RelayRequest): Promise<void> {
    const logger = this.options.logger.child({ userId: request.userId, file: request.attachment.name });
    const displayName = escapeHostText(request.attachment.name);
    let jobId: string | null = null;
    let running = true;

    const reporter = new ProgressReporter({
      name: displayName,
      intervalMs: this.options.config.relay.progressIntervalMs,
      publish: (_state, text) => request.message.publish(text, running && jobId ? [cancelRow(jobId)] : []),
      onError: (error) => logger.warn({ err: error }, 'progress edit failed'),
    });

    const job = this.queue.enqueue({
      userId: request.userId,
      label: request.attachment.name,
      run: (signal) => this.#run(request, signal, reporter.onProgress),
      // The first position arrives inside `enqueue`, before the job's ID is known. A microtask
      // later the ID is set, so the queued state can show the Cancel button.
      onPosition: (position) =>
        queueMicrotask(() =>
          reporter.onProgress({ phase: 'queued', bytes: 0, total: request.attachment.size, position }),
        ),
    });
    jobId = job.id;
    await this.#record(job.id, request);
    logger.info({ jobId, size: request.attachment.size }, 'relay queued');

    let keepRecord = false;
    try {
      const result = await job.result;
      running = false;
      await reporter.stop();
      await this.#finish(request, result, displayName, logger);
    } catch (error) {
      running = false;
      keepRecord = error instanceof RelayCancelledError && error.reason === 'shutdown';
      await this.#report(error, reporter, logger);
    } finally {
      if (!keepRecord) await this.options.store.delete(job.id);
    }
  }

  cancel(jobId: string, userId: string): CancelOutcome {
    return this.queue.cancel(jobId, userId);
  }

  /** Cancels every relay (their records stay, to be resumed) and closes the downloader. */
  async shutdown(): Promise<void> {
    await this.queue.shutdown();
    await this.#downloader.close();
  }

  #run(
    request: RelayRequest,
    signal: AbortSignal,
    onProgress: ProgressReporter['onProgress'],
  ): Promise<RelayResult> {
    const { attachment } = request;
    return relayAttachment({
      source: {
        url: attachment.url,
        name: attachment.name,
        size: attachment.size,
        contentType: attachment.contentType,
      },
      client: request.hostClient,
      downloader: this.#downloader,
      spoolDir: this.#spoolDir,
      ...(request.folderId === null ? {} : { folderId: request.folderId }),
      signal,
      onProgress,
      retry: {
        attempts: this.options.config.host.retryAttempts + 1,
        baseDelayMs: 2000,
        maxDelayMs: 30_000,
      },
    });
  }

  async #record(jobId: string, request: RelayRequest): Promise<void> {
    await this.options.store.save({
      jobId,
      userId: request.userId,
      guildId: request.guildId,
      channelId: request.channelId,
      fileName: request.attachment.name,
      folderId: request.folderId,
      origin: request.origin,
      startedAt: Date.now(),
    });
  }

  async #finish(
    request: RelayRequest,
    result: RelayResult,
    displayName: string,
    logger: Logger,
  ): Promise<void> {
    logger.info({ fileId: result.fileId, size: result.size, attempts: result.attempts }, 'relay done');

    const link = shownLink(result.link, this.options.config.host.apiUrl, result.fileId);
    const lines = [
      `Uploaded ${displayName} (${formatBytes(result.size)}) to the host as file \`${result.fileId}\`: ${link}`,
      `SHA-1 \`${result.sha1}\``,
    ];
    try {
      const extra = await this.options.onUploaded?.({ request, result });
      if (extra) lines.push(extra);
    } catch (error) {
      logger.error({ err: error, fileId: result.fileId }, 'after-upload step failed');
    }

    await request.message.publish(lines.join('\n')).catch((error: unknown) => {
      logger.error({ err: error, fileId: result.fileId }, 'could not show the upload result');
    });
  }

  async #report(error: unknown, reporter: ProgressReporter, logger: Logger): Promise<void> {
    if (error instanceof RelayCancelledError) {
      logger.info({ reason: error.reason }, 'relay cancelled');
      await (error.reason === 'shutdown'
        ? reporter.fail('The bot is restarting; this upload will be resumed or reported when it is back.')
        : reporter.cancel());
      return;
    }

    if (isRelayError(error)) {
      logger.warn({ err: error, code: error.code }, 'relay failed');
      await reporter.fail(error.userMessage);
      return;
    }

    const reference = newErrorReference();
    logger.error({ err: error, reference }, 'relay failed unexpectedly');
    await reporter.fail(`something went wrong on the bot's side (reference ${reference}).`);
  }
}
