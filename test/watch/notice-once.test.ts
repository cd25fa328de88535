import { Routes } from 'discord.js';
import type { APIMessage } from 'discord-api-types/v10';
import { afterEach, describe, expect, it } from 'vitest';
import type { Watch } from '../../src/watch/watch-record.js';
import type { BotHarness } from '../support/bot-harness.js';
import {
  messagePosts,
  notices,
  readWatch,
  runWatch,
  sleep,
  startWatchHarness,
  waitForNotice,
  waitForSent as waitForSentRecord,
  writeWatch,
} from './support.js';

/**
 * Each test lets the bot send a notice, stops it, and rewrites the record to
 * what a crash at a chosen moment leaves behind: `sending`, with the first
 * attempt either recent or older than the bot's nonce window (2 minutes).
 */
describe('notice exactly once after a crash', () => {
  let harness: BotHarness;

  afterEach(async () => {
    await harness.close();
  });

  async function sendFirstNotice(
    nonceWindowMs?: number,
  ): Promise<{ fileId: string; first: APIMessage; stored: Watch }> {
    const started = await startWatchHarness({
      discord: nonceWindowMs === undefined ? {} : { nonceWindowMs },
    });
    harness = started.harness;
    const fileId = harness.host.addFile(started.account.login, {
      name: 'once.mp4',
      encoded: false,
      height: 360,
    });

    await runWatch(harness, fileId);
    const first = await waitForNotice(harness, harness.adultChannelId);
    await harness.bot.stop();

    const stored = await readWatch(harness.dataDir, fileId, harness.alice);
    if (stored?.notice.state !== 'sent')
      throw new Error(`notice not recorded: ${JSON.stringify(stored?.notice)}`);
    return { fileId, first, stored };
  }

  /** The record as a crash between the message request and its recording leaves it. */
  function sendingSince(stored: Watch, startedAt: number): Watch {
    return {
      ...stored,
      notice: {
        state: 'sending',
        channelId: harness.adultChannelId,
        detailed: true,
        direct: false,
        startedAt,
        attempts: 1,
      },
    };
  }

  it('resends with the nonce inside the window', async () => {
    const { fileId, first, stored } = await sendFirstNotice();
    await writeWatch(harness.dataDir, sendingSince(stored, Date.now()));

    await harness.startBot();
    const posts = await waitForPosts(2);

    expect(posts.map((post) => (post.json as { nonce?: string }).nonce)).toEqual([
      stored.nonce,
      stored.nonce,
    ]);
    expect(posts.map((post) => post.status)).toEqual([200, 200]);
    expect(notices(harness, harness.adultChannelId).map((message) => message.id)).toEqual([first.id]);
    await waitForSent(fileId, first.id);
  });

  it('finds the earlier notice after the window', async () => {
    // The fake keeps nonces for 100 ms only, so a resend would post a second message.
    const { fileId, first, stored } = await sendFirstNotice(100);
    await writeWatch(harness.dataDir, sendingSince(stored, Date.now() - 10 * 60_000));
    await sleep(200);

    await harness.startBot();
    await waitForSent(fileId, first.id);

    expect(messagePosts(harness, harness.adultChannelId)).toHaveLength(1);
    const searches = harness.discord.requests.filter(
      (request) =>
        request.method === 'GET' && request.path === `/channels/${harness.adultChannelId}/messages`,
    );
    expect(searches.map((request) => request.query.limit)).toEqual(['100']);
    expect(notices(harness, harness.adultChannelId).map((message) => message.id)).toEqual([first.id]);
  });

  it('posts when the search finds nothing', async () => {
    const { fileId, first, stored } = await sendFirstNotice(100);
    // As if the crash came before the request reached Discord: no message exists.
    await harness.startBot();
    await harness.bot.client.rest.delete(Routes.channelMessage(harness.adultChannelId, first.id));
    await harness.bot.stop();
    await writeWatch(harness.dataDir, sendingSince(stored, Date.now() - 10 * 60_000));

    await harness.startBot();
    const second = await waitForNotice(harness, harness.adultChannelId);
    await waitForSent(fileId, second.id);
    await sleep(300);

    expect(notices(harness, harness.adultChannelId).map((message) => message.id)).toEqual([second.id]);
    expect(second.id).not.toBe(first.id);
  });

  it('sends a notice still owed at start-up', async () => {
    const { fileId, first, stored } = await sendFirstNotice();
    await harness.startBot();
    await harness.bot.client.rest.delete(Routes.channelMessage(harness.adultChannelId, first.id));
    await harness.bot.stop();
    // As if the bot stopped between recording the outcome and sending the notice.
    await writeWatch(harness.dataDir, { ...stored, notice: { state: 'pending', attempts: 0 } });

    await harness.startBot();
    const second = await waitForNotice(harness, harness.adultChannelId);
    await waitForSent(fileId, second.id);

    expect(notices(harness, harness.adultChannelId)).toHaveLength(1);
    expect(harness.logs.records('watches resumed').at(-1)).toMatchObject({ open: 0, notices: 1 });
  });

  async function waitForPosts(count: number) {
    for (let tries = 0; tries < 100; tries += 1) {
      const posts = messagePosts(harness, harness.adultChannelId);
      if (posts.length >= count && posts.every((post) => post.status !== 0)) return posts;
      await sleep(50);
    }
    throw new Error(`fewer than ${count} message posts`);
  }

  async function waitForSent(fileId: string, messageId: string): Promise<void> {
    const stored = await waitForSentRecord(harness, fileId, harness.alice);
    expect(stored.notice).toMatchObject({ messageId });
  }
});
