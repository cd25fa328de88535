import type { APIEmbed, APIMessage } from 'discord-api-types/v10';
import { openKeyvTable } from '../../src/store/open-keyv.js';
import type { Watch } from '../../src/watch/watch-record.js';
import { WatchStore } from '../../src/watch/watch-store.js';
import type { RecordedRequest } from '../fakes/discord/rest.js';
import type { FakeAccount } from '../fakes/host/fake-host.js';
import { BotHarness, type HarnessOptions } from '../support/bot-harness.js';

/** Polls every 0.2 to 0.5 s, with a rate limit far above what these tests need. */
export const FAST_WATCH_ENV = {
  WATCH_POLL_MIN_SECONDS: '0.2',
  WATCH_POLL_MAX_SECONDS: '0.5',
  WATCH_REQUESTS_PER_MINUTE: '6000',
};

/** A bot whose watches poll fast, with Alice linked to a fresh host account. */
export async function startWatchHarness(
  options: HarnessOptions = {},
): Promise<{ harness: BotHarness; account: FakeAccount }> {
  const harness = await BotHarness.start({
    ...options,
    host: { encodingDurationMs: 300, ...options.host },
    env: { ...FAST_WATCH_ENV, ...options.env },
  });
  const account = harness.host.addAccount();
  await harness.linkAccount(harness.alice, account);
  return { harness, account };
}

/** Runs `/watch file:<fileId>` and returns the ephemeral answer's text. */
export async function runWatch(
  harness: BotHarness,
  fileId: string,
  options: { userId?: string; channelId?: string } = {},
): Promise<string> {
  const command = harness.discord.slashCommand({
    userId: options.userId ?? harness.alice,
    channelId: options.channelId ?? harness.adultChannelId,
    name: 'watch',
    options: { file: fileId },
  });
  const edit = await command.waitFor((response) => response.kind === 'original-edit');
  return String(edit.data.content);
}

/** The bot's messages in a channel that carry a watch notice (an embed with a `Notice ref. …` footer). */
export function notices(harness: BotHarness, channelId: string): APIMessage[] {
  return harness.discord
    .channelMessages(channelId)
    .filter((message) =>
      message.embeds.some((embed) => embed.footer?.text.startsWith('Notice ref. ') === true),
    );
}

export function waitForNotice(
  harness: BotHarness,
  channelId: string,
  timeoutMs = 10_000,
): Promise<APIMessage> {
  return harness.discord.waitForMessage(
    channelId,
    (message) => message.embeds.some((embed) => embed.footer?.text.startsWith('Notice ref. ') === true),
    timeoutMs,
  );
}

export function embedOf(message: APIMessage): APIEmbed {
  const embed = message.embeds[0];
  if (embed === undefined) throw new Error(`message ${message.id} has no embed`);
  return embed;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Reads a watch record straight from the bot's SQLite file, as a restart would. */
export async function readWatch(dataDir: string, fileId: string, userId: string): Promise<Watch | undefined> {
  const table = openKeyvTable<unknown>(dataDir, 'watches');
  try {
    return await new WatchStore(table).get(fileId, userId);
  } finally {
    await table.disconnect();
  }
}

/** Rewrites a watch record in the bot's SQLite file, for tests that stage what a crash leaves behind. */
export async function writeWatch(dataDir: string, watch: Watch): Promise<void> {
  const table = openKeyvTable<unknown>(dataDir, 'watches');
  try {
    await new WatchStore(table).put(watch);
  } finally {
    await table.disconnect();
  }
}

/** POST requests the fake Discord received for messages in a channel. */
export function messagePosts(harness: BotHarness, channelId: string): RecordedRequest[] {
  return harness.discord.requests.filter(
    (request) => request.method === 'POST' && request.path === `/channels/${channelId}/messages`,
  );
}

/** Waits until the stored watch's notice is recorded as sent, and returns the record. */
export async function waitForSent(harness: BotHarness, fileId: string, userId: string): Promise<Watch> {
  for (let tries = 0; tries < 200; tries += 1) {
    const watch = await readWatch(harness.dataDir, fileId, userId);
    if (watch?.notice.state === 'sent') return watch;
    await sleep(50);
  }
  throw new Error(`The notice of ${fileId} was not recorded as sent within 10 s`);
}
