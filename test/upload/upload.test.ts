import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeAccount } from '../fakes/host/fake-host.js';
import { BotHarness } from '../support/bot-harness.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/testsrc-640x360.mp4', import.meta.url));

describe('/upload and "Upload to host"', () => {
  let harness: BotHarness;
  let account: FakeAccount;

  async function start(env: Record<string, string> = {}) {
    harness = await BotHarness.start({ env: { RELAY_PROGRESS_INTERVAL_MS: '1000', ...env } });
    account = harness.host.addAccount();
    await harness.linkAccount(harness.alice, account);
  }

  afterEach(async () => {
    await harness.close();
  });

  function slashUpload(
    attachment: ReturnType<BotHarness['discord']['createAttachment']>,
    userId = harness.alice,
  ) {
    return harness.discord.slashCommand({
      userId,
      channelId: harness.adultChannelId,
      name: 'upload',
      attachments: { file: attachment },
    });
  }

  const finalEdit = (text: RegExp) => (response: { kind: string; data: Record<string, unknown> }) =>
    response.kind === 'original-edit' && text.test(String(response.data.content));

  it('relays the MP4 fixture from a slash command', async () => {
    await start();
    const bytes = await readFile(FIXTURE);
    const attachment = harness.discord.createAttachment({ filename: 'clip.mp4', path: FIXTURE });

    const command = slashUpload(attachment);
    const done = await command.waitFor(finalEdit(/^Uploaded clip\.mp4/), 15_000);

    const [upload] = harness.host.uploads();
    expect(upload?.sha1).toBe(createHash('sha1').update(bytes).digest('hex'));
    expect(upload?.size).toBe(bytes.length);
    expect(upload?.login).toBe(account.login);
    expect(upload?.width).toBe(640);
    expect(done.data.content).toContain(
      `as file \`${upload?.fileId}\`: ${harness.host.origin}/v/${upload?.fileId}\n`,
    );
    expect(done.data.content).toContain(`SHA-1 \`${upload?.sha1}\``);
    expect(done.data.components).toEqual([]);
    expect(await readdir(path.join(harness.dataDir, 'spool'))).toEqual([]);
  });

  it('relays every video of a message and skips the rest', async () => {
    await start();
    const video = harness.discord.createAttachment({ filename: 'one.mp4', path: FIXTURE });
    const second = harness.discord.createAttachment({ filename: 'two.mp4', path: FIXTURE });
    const image = harness.discord.createAttachment({
      filename: 'cover.png',
      bytes: Buffer.from('not really a png'),
    });
    const message = harness.discord.postUserMessage(harness.adultChannelId, {
      authorId: harness.bob,
      attachments: [video, image, second],
    });

    const command = harness.discord.messageCommand({
      userId: harness.alice,
      channelId: harness.adultChannelId,
      name: 'Upload to host',
      messageId: message.id,
    });
    await command.waitFor(finalEdit(/^Uploaded one\.mp4/), 15_000);
    await command.waitFor(
      (response) =>
        response.kind === 'followup-edit' && /^Uploaded two\.mp4/.test(String(response.data.content)),
      15_000,
    );

    const skipped = command
      .responses()
      .find((response) => String(response.data.content).startsWith('Skipped'));
    expect(skipped?.data.content).toBe('Skipped:\n- cover.png: not a video (image/png)');
    expect(skipped?.ephemeral).toBe(true);
    expect(
      harness.host
        .uploads()
        .map((upload) => upload.name)
        .sort(),
    ).toEqual(['one.mp4', 'two.mp4']);
  });

  it('declines a file over the size cap before downloading', async () => {
    await start({ UPLOAD_MAX_BYTES: '1000' });
    const attachment = harness.discord.createAttachment({ filename: 'big.mp4', path: FIXTURE });

    const edit = await slashUpload(attachment).waitFor((response) => response.kind === 'original-edit');

    expect(edit.data.content).toMatch(
      /^Nothing to upload:\n- big\.mp4: 9\d(\.\d)? KB is over this bot's limit of 1000 B/,
    );
    expect(harness.discord.cdnRequests).toHaveLength(0);
    expect(harness.host.uploads()).toHaveLength(0);
  });

  it('stops a CDN that sends more bytes than declared', async () => {
    await start({ UPLOAD_MAX_BYTES: String(50 * 1024) });
    const attachment = harness.discord.createAttachment({
      filename: 'liar.mp4',
      generatedSize: 200 * 1024,
      size: 10 * 1024,
      sendContentLength: false,
    });

    const edit = await slashUpload(attachment).waitFor(finalEdit(/^Could not relay liar\.mp4/), 15_000);

    expect(edit.data.content).toMatch(/50 KB/);
    expect(harness.host.uploads()).toHaveLength(0);
    expect(await readdir(path.join(harness.dataDir, 'spool'))).toEqual([]);
  });

  it('reports an expired CDN URL', async () => {
    await start();
    const attachment = harness.discord.createAttachment({
      filename: 'old.mp4',
      path: FIXTURE,
      expiresInMs: 1,
    });
    await new Promise((resolve) => setTimeout(resolve, 20));

    const edit = await slashUpload(attachment).waitFor(finalEdit(/^Could not relay old\.mp4/), 15_000);

    expect(edit.data.content).toMatch(/expired/i);
    expect(harness.host.uploads()).toHaveLength(0);
  });

  it('retries an upload host that fails twice with 502', async () => {
    await start({ HOST_RETRY_ATTEMPTS: '3' });
    harness.host.fail(
      'upload/ticket',
      { kind: 'json-error', httpStatus: 502, status: 502, msg: 'Bad gateway' },
      2,
    );
    const attachment = harness.discord.createAttachment({ filename: 'flaky.mp4', path: FIXTURE });

    await slashUpload(attachment).waitFor(finalEdit(/^Uploaded flaky\.mp4/), 30_000);

    const posts = harness.host.requests.filter((request) => request.endpoint === 'upload/ticket');
    expect(posts).toHaveLength(3);
    expect(harness.host.uploads()).toHaveLength(1);
  });

  it('rejects a file that is not a video', async () => {
    await start();
    const attachment = harness.discord.createAttachment({
      filename: 'notes.txt',
      bytes: Buffer.from('hello'),
    });

    const edit = await slashUpload(attachment).waitFor((response) => response.kind === 'original-edit');

    expect(edit.data.content).toBe(
      'Nothing to upload:\n- notes.txt: not a video (text/plain; charset=utf-8)',
    );
  });

  it('tells an unlinked member to link first', async () => {
    await start();
    const attachment = harness.discord.createAttachment({ filename: 'clip.mp4', path: FIXTURE });

    const edit = await slashUpload(attachment, harness.bob).waitFor(
      (response) => response.kind === 'original-edit',
    );

    expect(edit.data.content).toMatch(/^You have not linked a video host account yet/);
  });

  it('keeps the key out of the log', async () => {
    await start();
    const attachment = harness.discord.createAttachment({ filename: 'clip.mp4', path: FIXTURE });

    await slashUpload(attachment).waitFor(finalEdit(/^Uploaded clip\.mp4/), 15_000);

    expect(harness.logs.text()).not.toContain(account.key);
  });
});
