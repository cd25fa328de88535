import { readFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CONVERTS_SAFETY_NET_EVERY } from '../../src/watch/completion.js';
import { TEXT_ONLY_NOTE } from '../../src/watch/notice.js';
import type { FakeAccount } from '../fakes/host/fake-host.js';
import type { BotHarness } from '../support/bot-harness.js';
import {
  embedOf,
  messagePosts,
  notices,
  readWatch,
  runWatch,
  sleep,
  startWatchHarness,
  waitForNotice,
  waitForSent,
} from './support.js';

const SPLASH_0 = new URL('../fixtures/splash-0.jpg', import.meta.url);

describe('watch notices', () => {
  let harness: BotHarness;
  let account: FakeAccount;

  async function start(options: Parameters<typeof startWatchHarness>[0] = {}) {
    ({ harness, account } = await startWatchHarness(options));
  }

  afterEach(async () => {
    await harness.close();
  });

  it('posts one detailed notice with the splash attached', async () => {
    await start();
    const fileId = harness.host.addFile(account.login, { name: 'holiday.mp4', encoded: false, height: 720 });

    expect(await runWatch(harness, fileId)).toMatch(new RegExp(`^Watching the encoding of ${fileId}\\.`));
    const notice = await waitForNotice(harness, harness.adultChannelId);
    await sleep(600);

    expect(notices(harness, harness.adultChannelId)).toHaveLength(1);
    expect(notice.content).toBe(`<@${harness.alice}> your video finished encoding.`);
    const embed = embedOf(notice);
    expect(embed.title).toBe('holiday.mp4');
    expect(embed.description).toMatch(new RegExp(`^File ${fileId} is ready\\. Encoding took \\d+ s\\.$`));
    expect(embed.fields).toEqual([
      { name: '360p', value: 'ready', inline: true },
      { name: '480p', value: 'ready', inline: true },
      { name: '720p', value: 'ready', inline: true },
      { name: '1080p', value: 'skipped (not produced for this source)', inline: true },
    ]);
    expect(embed.url).toMatch(/\/v\/[A-Z0-9]{10}$/);

    expect(notice.attachments.map((attachment) => attachment.filename)).toEqual(['splash.jpg']);
    expect(embed.image?.url).toBe(notice.attachments[0]?.url);
    const bytes = await harness.discord.attachmentBytes(notice.attachments[0]?.id ?? '');
    expect(bytes.equals(await readFile(SPLASH_0))).toBe(true);

    const [post] = messagePosts(harness, harness.adultChannelId);
    const body = post?.json as Record<string, unknown>;
    expect(body.allowed_mentions).toEqual({ parse: [], users: [harness.alice] });
    expect(body.enforce_nonce).toBe(true);

    const stored = await waitForSent(harness, fileId, harness.alice);
    expect(stored?.notice).toMatchObject({
      state: 'sent',
      messageId: notice.id,
      channelId: harness.adultChannelId,
    });
    expect(body.nonce).toBe(stored?.nonce);
    expect(await harness.bot.context.watches.listFor(harness.alice)).toEqual([]);
    expect(harness.logs.text()).not.toContain(account.key);
  });

  it('announces the documented example as done', async () => {
    await start();
    await harness.linkAccount(harness.bob, harness.host.exampleAccount);

    await runWatch(harness, 'FXSNPOKMT4', { userId: harness.bob });
    const notice = await waitForNotice(harness, harness.adultChannelId);

    expect(notice.content).toBe(`<@${harness.bob}> your video finished encoding.`);
    expect(embedOf(notice).fields?.map((field) => [field.name, field.value])).toEqual([
      ['360p', 'ready'],
      ['480p', 'ready'],
      ['720p', 'skipped (not produced for this source)'],
      ['1080p', 'skipped (not produced for this source)'],
    ]);
    expect(embedOf(notice).url).toBe('https://www.bitporno.com/v/VXSNPOKMT3');
  });

  it('posts a text-only notice in a plain channel', async () => {
    await start();
    const fileId = harness.host.addFile(account.login, {
      name: 'secret-name.mp4',
      encoded: false,
      height: 480,
    });

    await runWatch(harness, fileId, { channelId: harness.plainChannelId });
    const notice = await waitForNotice(harness, harness.plainChannelId);

    const embed = embedOf(notice);
    expect(embed.title).toBe(`File ${fileId}`);
    expect(embed.description?.split('\n').at(-1)).toBe(TEXT_ONLY_NOTE);
    expect(embed.image).toBeUndefined();
    expect(notice.attachments).toEqual([]);
    expect(JSON.stringify(notice)).not.toContain('secret-name');
    expect(embed.fields?.map((field) => field.name)).toEqual(['360p', '480p', '720p', '1080p']);
    expect(harness.host.requests.filter((request) => request.endpoint === 'file/getsplash')).toEqual([]);
  });

  it('reports a file that is not a video as failed', async () => {
    await start();
    const fileId = harness.host.addFile(account.login, { name: 'notes.txt', encoded: false, video: false });

    await runWatch(harness, fileId);
    const notice = await waitForNotice(harness, harness.adultChannelId);

    expect(notice.content).toBe(`<@${harness.alice}> the host could not encode your video.`);
    expect(embedOf(notice).description).toBe(`The host reports that encoding file ${fileId} failed.`);
    expect(embedOf(notice).fields?.map((field) => field.value)).toEqual([
      'failed at 0 %',
      'failed at 0 %',
      'failed at 0 %',
      'failed at 0 %',
    ]);
    expect(notice.attachments).toEqual([]);
    expect((await readWatch(harness.dataDir, fileId, harness.alice))?.finished?.outcome).toBe('failed');
  });

  it('notices a failure in the middle of encoding', async () => {
    await start({ host: { encodingDurationMs: 60_000 } });
    const fileId = harness.host.addFile(account.login, { name: 'long.mp4', encoded: false });

    await runWatch(harness, fileId);
    await waitForPolls(fileId, 2);
    harness.host.failEncoding(fileId);
    const notice = await waitForNotice(harness, harness.adultChannelId);

    expect(notice.content).toBe(`<@${harness.alice}> the host could not encode your video.`);
    // Nothing in file/info changes after the failure: only the every-fourth-poll converts finds it.
    const attempts = (await readWatch(harness.dataDir, fileId, harness.alice))?.attempts ?? 0;
    expect(attempts).toBeGreaterThanOrEqual(CONVERTS_SAFETY_NET_EVERY);
    expect(attempts % CONVERTS_SAFETY_NET_EVERY).toBe(0);
  });

  it('reports a deleted file as gone', async () => {
    await start({ host: { encodingDurationMs: 60_000 } });
    const fileId = harness.host.addFile(account.login, { name: 'deleted.mp4', encoded: false });

    await runWatch(harness, fileId);
    await waitForPolls(fileId, 1);
    harness.host.deleteFile(fileId);
    const notice = await waitForNotice(harness, harness.adultChannelId);

    expect(notice.content).toBe(
      `<@${harness.alice}> your video is no longer on the host, so the bot stopped watching it.`,
    );
    expect(embedOf(notice).fields).toEqual([]);
    expect(embedOf(notice).url).toBeUndefined();
    expect(notice.attachments).toEqual([]);
  });

  it('expires a watch at its deadline', async () => {
    // 0.0004 h is 1.44 s.
    await start({ host: { encodingDurationMs: 60_000 }, env: { WATCH_DEADLINE_HOURS: '0.0004' } });
    const fileId = harness.host.addFile(account.login, { name: 'slow.mp4', encoded: false });

    await runWatch(harness, fileId);
    const notice = await waitForNotice(harness, harness.adultChannelId);

    expect(notice.content).toBe(
      `<@${harness.alice}> your video was still encoding at the deadline, so the bot stopped watching it.`,
    );
    expect(embedOf(notice).description).toBe(
      `File ${fileId} was watched for 2 s and had not finished encoding. Run /watch to watch it again.`,
    );
    expect(embedOf(notice).fields?.[0]).toEqual({
      name: '360p',
      value: expect.stringMatching(/^\d+ %$/),
      inline: true,
    });
    const stored = await readWatch(harness.dataDir, fileId, harness.alice);
    expect(stored?.finished?.at).toBeGreaterThanOrEqual(stored?.deadlineAt ?? Number.NaN);
  });

  it('falls back to the DM when the channel refuses', async () => {
    await start();
    const closed = harness.discord.createChannel(harness.guildId, {
      name: 'closed',
      nsfw: false,
      denyBot: 'send',
    });
    const fileId = harness.host.addFile(account.login, { name: 'dm.mp4', encoded: false, height: 360 });

    await runWatch(harness, fileId, { channelId: closed.id });
    const notice = await waitForNotice(harness, harness.discord.createDmChannel(harness.alice).id);
    await waitForSent(harness, fileId, harness.alice);

    expect(harness.discord.channelMessages(closed.id)).toEqual([]);
    expect(embedOf(notice).title).toBe('dm.mp4');
    expect(notice.attachments.map((attachment) => attachment.filename)).toEqual(['splash.jpg']);
    expect(messagePosts(harness, closed.id).map((request) => request.status)).toEqual([403]);
    const stored = await readWatch(harness.dataDir, fileId, harness.alice);
    expect(stored?.notice).toMatchObject({ state: 'sent', messageId: notice.id });
  });

  it('survives host errors and logs one line', async () => {
    await start({ env: { HOST_RETRY_ATTEMPTS: '0' } });
    const fileId = harness.host.addFile(account.login, { name: 'flaky.mp4', encoded: false, height: 360 });

    await runWatch(harness, fileId, { channelId: harness.plainChannelId });
    harness.host.fail('file/info', { kind: 'malformed' }, 5);
    const notice = await waitForNotice(harness, harness.plainChannelId);

    expect(notice.content).toBe(`<@${harness.alice}> your video finished encoding.`);
    const failures = harness.logs.records('watch poll failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ fileId, userId: harness.alice, attempts: 0, suppressed: 0 });
    expect((failures[0]?.err as { code?: string }).code).toBe('HOST_INVALID_RESPONSE');
    const stored = await readWatch(harness.dataDir, fileId, harness.alice);
    expect(stored?.attempts).toBeGreaterThanOrEqual(5);
    expect(harness.logs.text()).not.toContain(account.key);
  });

  /** Waits until the stored watch has been polled `count` times. */
  async function waitForPolls(fileId: string, count: number): Promise<void> {
    for (let tries = 0; tries < 100; tries += 1) {
      const stored = await readWatch(harness.dataDir, fileId, harness.alice);
      if ((stored?.attempts ?? 0) >= count) return;
      await sleep(50);
    }
    throw new Error(`watch of ${fileId} was not polled ${count} times`);
  }
});
