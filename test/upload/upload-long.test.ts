import { statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { postHeadersTimeout } from '../../src/host/post-headers-timeout.js';
import type { InteractionResponse } from '../fakes/discord/interaction-handle.js';
import type { FakeAccount } from '../fakes/host/fake-host.js';
import { BotHarness } from '../support/bot-harness.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/testsrc-640x360.mp4', import.meta.url));

/** Hanging upload POSTs end after this header timeout, so a relay stays "running" for a while. */
const SHORT_TIMEOUTS = { HOST_HEADERS_TIMEOUT_MS: '1500', HOST_BODY_TIMEOUT_MS: '1500' };

const contentOf = (response: InteractionResponse) => String(response.data.content);

describe('long relays: queue, cancel, restart, token expiry', () => {
  let harness: BotHarness;
  let account: FakeAccount;

  async function start(env: Record<string, string>) {
    harness = await BotHarness.start({ env });
    account = harness.host.addAccount();
    await harness.linkAccount(harness.alice, account);
  }

  afterEach(async () => {
    await harness.close();
  });

  function upload(name: string) {
    const attachment = harness.discord.createAttachment({ filename: name, path: FIXTURE });
    return harness.discord.slashCommand({
      userId: harness.alice,
      channelId: harness.adultChannelId,
      name: 'upload',
      attachments: { file: attachment },
    });
  }

  function pressCancel(command: ReturnType<typeof upload>, userId = harness.alice) {
    const components = command.original()?.components ?? [];
    const button = JSON.stringify(components).match(/"custom_id":"(relay-cancel:[a-z2-7]{10})"/)?.[1];
    if (!button) throw new Error(`no Cancel button on ${JSON.stringify(command.original())}`);
    return harness.discord.button({
      userId,
      channelId: harness.adultChannelId,
      customId: button,
      messageId: command.original()?.id ?? '',
    });
  }

  it('queues five relays of one user two at a time', async () => {
    await start({ ...SHORT_TIMEOUTS, RELAY_CONCURRENCY_PER_USER: '2', RELAY_PROGRESS_INTERVAL_MS: '1000' });
    harness.host.fail('upload/ticket', { kind: 'hang' }, 2);

    // The bot queues a relay only after reading the member's account from the store, so commands
    // sent at once can join the queue in any order. Each one starts after the previous has joined.
    const commands: ReturnType<typeof upload>[] = [];
    for (const name of ['a.mp4', 'b.mp4', 'c.mp4', 'd.mp4', 'e.mp4']) {
      const command = upload(name);
      await command.waitFor((response) => /^(Queued|Downloading|Uploading) /.test(contentOf(response)));
      commands.push(command);
    }
    for (const command of commands) {
      await command.waitFor((response) => /^Uploaded/.test(contentOf(response)), 30_000);
    }

    const queuedTexts = commands.map((command) =>
      command
        .responses()
        .map(contentOf)
        .filter((text) => text.startsWith('Queued')),
    );
    expect(queuedTexts[0]).toEqual([]);
    expect(queuedTexts[1]).toEqual([]);
    expect(queuedTexts[2]?.[0]).toBe('Queued c.mp4: next in line');
    expect(queuedTexts[3]?.[0]).toBe('Queued d.mp4: position 2 in line');
    expect(queuedTexts[4]?.[0]).toBe('Queued e.mp4: position 3 in line');
    expect(harness.host.uploads()).toHaveLength(5);
  });

  it('cancels a queued relay and a running one', async () => {
    await start({ ...SHORT_TIMEOUTS, RELAY_CONCURRENCY_PER_USER: '1', RELAY_CONCURRENCY_TOTAL: '1' });
    harness.host.fail('upload/ticket', { kind: 'hang' }, 10);

    const running = upload('running.mp4');
    await running.waitFor((response) => /^(Uploading|Downloading) running\.mp4/.test(contentOf(response)));
    const queued = upload('queued.mp4');
    await queued.waitFor((response) => /^Queued queued\.mp4/.test(contentOf(response)));

    const notMine = await pressCancel(queued, harness.bob).waitFor(
      (response) => response.kind === 'original-edit',
    );
    expect(contentOf(notMine)).toBe('Only the member who started this upload can cancel it.');

    await pressCancel(queued).callback();
    await queued.waitFor((response) => contentOf(response) === 'Cancelled the upload of queued.mp4.');
    await pressCancel(running).callback();
    await running.waitFor((response) => contentOf(response) === 'Cancelled the upload of running.mp4.');

    expect(harness.host.uploads()).toHaveLength(0);
    expect(await readdir(path.join(harness.dataDir, 'spool'))).toEqual([]);
  });

  it('gives up on a hanging upload host and removes the spool file', async () => {
    await start({ ...SHORT_TIMEOUTS, HOST_RETRY_ATTEMPTS: '1' });
    harness.host.fail('upload/ticket', { kind: 'hang' }, 10);

    const failed = await upload('stuck.mp4').waitFor(
      (response) => contentOf(response).startsWith('Could not relay stuck.mp4'),
      20_000,
    );

    expect(contentOf(failed)).toMatch(/could not be reached or did not answer in time/);
    expect(await readdir(path.join(harness.dataDir, 'spool'))).toEqual([]);
  });

  it('edits progress at most every 3 s and always shows the end', async () => {
    await start({ ...SHORT_TIMEOUTS, HOST_RETRY_ATTEMPTS: '3' });
    harness.host.fail('upload/ticket', { kind: 'hang' }, 2);

    const command = upload('paced.mp4');
    await command.waitFor((response) => /^Uploaded paced\.mp4/.test(contentOf(response)), 30_000);

    const edits = command.responses().filter((response) => response.kind === 'original-edit');
    const progress = edits.filter((response) => !/^(Uploaded|Preparing)/.test(contentOf(response)));
    expect(progress.length).toBeGreaterThanOrEqual(2);
    for (let index = 1; index < progress.length; index += 1) {
      const gap = (progress[index]?.at ?? 0) - (progress[index - 1]?.at ?? 0);
      expect(gap).toBeGreaterThanOrEqual(2900);
    }
    expect(contentOf(edits.at(-1) as InteractionResponse)).toMatch(/^Uploaded paced\.mp4/);
  });

  it('sends the result to the channel once the token has expired', async () => {
    await start({ ...SHORT_TIMEOUTS, HOST_RETRY_ATTEMPTS: '2' });
    harness.host.fail('upload/ticket', { kind: 'hang' }, 1);

    const command = upload('late.mp4');
    await command.waitFor((response) => /^(Uploading|Downloading) late\.mp4/.test(contentOf(response)));
    command.expireToken();

    const message = await harness.discord.waitForMessage(
      harness.adultChannelId,
      (candidate) => /Uploaded late\.mp4/.test(candidate.content),
      20_000,
    );
    expect(message.content.startsWith(`<@${harness.alice}> `)).toBe(true);
    expect(message.mentions.map((user) => user.id)).toEqual([harness.alice]);
  });

  it('resumes a message relay and reports a slash relay after a restart', async () => {
    await start({ ...SHORT_TIMEOUTS, HOST_RETRY_ATTEMPTS: '5' });
    harness.host.fail('upload/ticket', { kind: 'hang' }, 3);
    const video = harness.discord.createAttachment({ filename: 'from-message.mp4', path: FIXTURE });
    const posted = harness.discord.postUserMessage(harness.adultChannelId, {
      authorId: harness.bob,
      attachments: [video],
    });
    const fromMessage = harness.discord.messageCommand({
      userId: harness.alice,
      channelId: harness.adultChannelId,
      name: 'Upload to host',
      messageId: posted.id,
    });
    const fromSlash = upload('from-slash.mp4');
    await fromMessage.waitFor(
      (response) => /from-message\.mp4/.test(contentOf(response)) && !/^Queued/.test(contentOf(response)),
    );
    await fromSlash.waitFor(
      (response) => /from-slash\.mp4/.test(contentOf(response)) && !/^Queued/.test(contentOf(response)),
    );

    await harness.restart();

    // The resumed relay can meet all three ticket hangs. Each lasts the POST's headers timeout,
    // and the retries after them wait up to 2, 4 and 8 s (2 s base, doubling, jitter below it).
    const hangMs = postHeadersTimeout(1500, statSync(FIXTURE).size);
    const resumed = await harness.discord.waitForMessage(
      harness.adultChannelId,
      (candidate) => /Uploaded from-message\.mp4/.test(candidate.content),
      3 * hangMs + 2_000 + 4_000 + 8_000 + 10_000,
    );
    const reported = await harness.discord.waitForMessage(harness.adultChannelId, (candidate) =>
      /from-slash\.mp4 was interrupted because the bot restarted/.test(candidate.content),
    );
    expect(resumed.content.startsWith(`<@${harness.alice}> `)).toBe(true);
    expect(reported.content).toMatch(/Run \/upload again/);
    expect(harness.host.uploads().map((upload) => upload.name)).toEqual(['from-message.mp4']);
  });
});
