import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { NOT_LINKED_MESSAGE } from '../../src/discord/linked-account.js';
import type { InteractionHandle } from '../fakes/discord/interaction-handle.js';
import type { FakeAccount } from '../fakes/host/fake-host.js';
import type { BotHarness } from '../support/bot-harness.js';
import {
  embedOf,
  notices,
  readWatch,
  runWatch,
  sleep,
  startWatchHarness,
  waitForNotice,
  waitForSent,
} from './support.js';

const EPHEMERAL = 64;

interface ButtonJson {
  custom_id: string;
  label: string;
}

describe('/watch, /watches and /logout', () => {
  let harness: BotHarness;
  let account: FakeAccount;

  async function start(options: Parameters<typeof startWatchHarness>[0] = {}) {
    ({ harness, account } = await startWatchHarness({ host: { encodingDurationMs: 60_000 }, ...options }));
  }

  afterEach(async () => {
    await harness.close();
  });

  function watchesCommand(userId: string): InteractionHandle {
    return harness.discord.slashCommand({ userId, channelId: harness.plainChannelId, name: 'watches' });
  }

  function buttonsOf(handle: InteractionHandle): ButtonJson[] {
    const rows = (handle.original()?.components ?? []) as unknown as Array<{ components: ButtonJson[] }>;
    return rows.flatMap((row) => row.components);
  }

  it('checks the file before watching', async () => {
    await start();
    const foreign = harness.host.addFile(harness.host.addAccount().login, { name: 'x.mp4' });
    const requestsBefore = harness.host.requests.length;

    expect(await runWatch(harness, 'not-an-id!')).toBe(
      '"not-an-id!" is not a file ID: file IDs contain only letters and digits, like FXR1I5PIK1.',
    );
    expect(harness.host.requests.length).toBe(requestsBefore);

    expect(await runWatch(harness, 'ZZZZZZZZZZ')).toBe('The host has no file with ID ZZZZZZZZZZ.');
    expect(await runWatch(harness, foreign)).toMatch(/^The host denied access\./);
    expect(await runWatch(harness, 'ZZZZZZZZZZ', { userId: harness.bob })).toBe(NOT_LINKED_MESSAGE);

    const infos = harness.host.requests.slice(requestsBefore).map((request) => request.endpoint);
    expect(infos).toEqual(['file/info', 'file/info']);
    expect(await harness.bot.context.watches.listFor(harness.alice)).toEqual([]);
  });

  it('answers privately and refuses a duplicate', async () => {
    await start();
    const fileId = harness.host.addFile(account.login, { name: 'a.mp4', encoded: false });

    const command = harness.discord.slashCommand({
      userId: harness.alice,
      channelId: harness.plainChannelId,
      name: 'watch',
      options: { file: fileId },
    });
    expect((await command.callback()).flags & EPHEMERAL).toBe(EPHEMERAL);
    const first = await command.waitFor((response) => response.kind === 'original-edit');
    expect(String(first.data.content)).toMatch(/posts one notice in this channel and mentions only you/);

    expect(await runWatch(harness, fileId)).toMatch(
      new RegExp(`^You are already watching ${fileId} \\(since <t:\\d+:R>\\)`),
    );
    const listed = await harness.bot.context.watches.listFor(harness.alice);
    expect(listed.map((watch) => [watch.fileId, watch.channelId, watch.source])).toEqual([
      [fileId, harness.plainChannelId, 'watch'],
    ]);
  });

  it('lists and cancels only the caller’s watches', async () => {
    await start();
    const bobAccount = harness.host.addAccount();
    await harness.linkAccount(harness.bob, bobAccount);
    const aliceFiles = ['one.mp4', 'two.mp4'].map((name) =>
      harness.host.addFile(account.login, { name, encoded: false }),
    );
    const bobFile = harness.host.addFile(bobAccount.login, { name: 'bob.mp4', encoded: false });
    for (const fileId of aliceFiles) await runWatch(harness, fileId);
    await runWatch(harness, bobFile, { userId: harness.bob });

    const list = watchesCommand(harness.alice);
    const shown = await list.waitFor((response) => response.kind === 'original-edit');
    expect((await list.callback()).flags & EPHEMERAL).toBe(EPHEMERAL);
    const text = JSON.stringify(shown.data);
    expect(text).toContain(aliceFiles[0]);
    expect(text).toContain(aliceFiles[1]);
    expect(text).not.toContain(bobFile);
    expect(text).not.toContain('one.mp4');
    expect(buttonsOf(list).map((button) => button.custom_id)).toEqual(
      aliceFiles.map((id) => `watch-cancel:${id}`),
    );

    // Bob presses a button of Alice's list: the list stays hers and nothing is cancelled.
    const intruder = harness.discord.button({
      userId: harness.bob,
      channelId: harness.plainChannelId,
      customId: `watch-cancel:${aliceFiles[0]}`,
      messageId: list.original()?.id ?? '',
    });
    const refusal = await intruder.waitFor((response) => response.kind === 'followup');
    expect(refusal.data.content).toBe('This list belongs to another member. Run /watches to see yours.');
    expect(refusal.ephemeral).toBe(true);
    expect((await harness.bot.context.watches.listFor(harness.alice)).length).toBe(2);

    const press = harness.discord.button({
      userId: harness.alice,
      channelId: harness.plainChannelId,
      customId: `watch-cancel:${aliceFiles[0]}`,
      messageId: list.original()?.id ?? '',
    });
    const updated = await press.waitFor((response) => response.kind === 'original-edit');
    expect(updated.data.content).toBe(`Stopped watching ${aliceFiles[0]}. No notice will be posted for it.`);
    expect(buttonsOf(list).map((button) => button.custom_id)).toEqual([`watch-cancel:${aliceFiles[1]}`]);

    expect(await harness.bot.context.watches.cancel(harness.bob, aliceFiles[1] ?? '')).toBe(false);
    expect((await harness.bot.context.watches.listFor(harness.alice)).map((watch) => watch.fileId)).toEqual([
      aliceFiles[1],
    ]);
    expect((await harness.bot.context.watches.listFor(harness.bob)).map((watch) => watch.fileId)).toEqual([
      bobFile,
    ]);
    expect(await readWatch(harness.dataDir, aliceFiles[0] ?? '', harness.alice)).toBeUndefined();
  });

  it('says so when nothing is watched', async () => {
    await start();

    const list = watchesCommand(harness.alice);
    const shown = await list.waitFor((response) => response.kind === 'original-edit');

    expect(shown.data.content).toBe(
      'You are not watching any file. Uploads are watched on their own; /watch watches an existing file.',
    );
    expect(shown.data.components).toEqual([]);
  });

  it('cancels every watch on /logout', async () => {
    await start();
    const files = ['a.mp4', 'b.mp4', 'c.mp4'].map((name) =>
      harness.host.addFile(account.login, { name, encoded: false }),
    );
    for (const fileId of files) await runWatch(harness, fileId);

    const logout = harness.discord.slashCommand({
      userId: harness.alice,
      channelId: harness.plainChannelId,
      name: 'logout',
    });
    const reply = await logout.waitFor((response) => response.kind === 'original-edit');

    expect(reply.data.content).toBe(
      'Your video host account is unlinked and your API login and key are deleted from the bot. Stopped watching 3 files; no notices will be posted for them.',
    );
    expect(await harness.bot.context.watches.listFor(harness.alice)).toEqual([]);
    const stopped = harness.logs.records('watch stopped');
    expect(stopped.map((record) => record.outcome)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect(stopped.map((record) => record.fileId).sort()).toEqual([...files].sort());

    const requests = harness.host.requests.length;
    await sleep(700);
    expect(harness.host.requests.length).toBe(requests);
  });

  it('stops without notice when credentials vanish', async () => {
    await start();
    const fileId = harness.host.addFile(account.login, { name: 'a.mp4', encoded: false });
    await runWatch(harness, fileId);

    await harness.bot.context.credentials.delete(harness.alice);
    for (let tries = 0; tries < 60 && harness.logs.records('watch stopped').length === 0; tries += 1)
      await sleep(50);

    expect(harness.logs.records('watch stopped')).toEqual([
      expect.objectContaining({ fileId, userId: harness.alice, outcome: 'credentials-removed', attempts: 0 }),
    ]);
    expect(await readWatch(harness.dataDir, fileId, harness.alice)).toBeUndefined();
    expect(notices(harness, harness.adultChannelId)).toEqual([]);
  });

  it('watches an upload to its notice', async () => {
    await start({ host: { encodingDurationMs: 200 } });
    const attachment = harness.discord.createAttachment({
      filename: 'uploaded.mp4',
      path: fileURLToPath(new URL('../fixtures/testsrc-640x360.mp4', import.meta.url)),
    });

    const upload = harness.discord.slashCommand({
      userId: harness.alice,
      channelId: harness.adultChannelId,
      name: 'upload',
      attachments: { file: attachment },
    });
    const result = await upload.waitFor(
      (response) => /^Uploaded/.test(String(response.data.content)),
      20_000,
    );
    const notice = await waitForNotice(harness, harness.adultChannelId);

    expect(String(result.data.content).split('\n').at(-1)).toBe(
      'The bot is watching its encoding and will post one notice here when it ends.',
    );
    const fileId = /as file `([A-Z0-9]{10})`/.exec(String(result.data.content))?.[1] ?? '';
    const stored = await waitForSent(harness, fileId, harness.alice);
    expect(stored.source).toBe('upload');
    expect(stored.notice).toMatchObject({ messageId: notice.id, channelId: harness.adultChannelId });
    expect(embedOf(notice).title).toBe('uploaded.mp4');
  });

  it('sends one notice across a restart', async () => {
    await start({ host: { encodingDurationMs: 500 } });
    const fileId = harness.host.addFile(account.login, { name: 'restart.mp4', encoded: false });
    await runWatch(harness, fileId);
    for (let tries = 0; tries < 60; tries += 1) {
      if (((await readWatch(harness.dataDir, fileId, harness.alice))?.attempts ?? 0) > 0) break;
      await sleep(50);
    }

    await harness.restart();
    const notice = await waitForNotice(harness, harness.adultChannelId);
    await sleep(800);

    expect(notices(harness, harness.adultChannelId)).toEqual([notice]);
    const stored = await waitForSent(harness, fileId, harness.alice);
    expect(stored.attempts).toBeGreaterThan(1);
    expect(stored.notice).toMatchObject({ state: 'sent', messageId: notice.id });
    expect(harness.logs.records('watches resumed').map((record) => record.open)).toEqual([0, 1]);
  });
});
