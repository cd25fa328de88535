import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BotHarness } from '../support/bot-harness.js';
import { EPHEMERAL, contentOf, embedsOf, finalEdit } from './support/replies.js';

/** Reads the JPEG that the fake host serves as splash `index` of every file. */
function servedSplash(index: number): Promise<Buffer> {
  return readFile(new URL(`../fixtures/splash-${index}.jpg`, import.meta.url));
}

describe('/splash', () => {
  let harness: BotHarness;
  let fileId: string;

  beforeAll(async () => {
    harness = await BotHarness.start({ env: { HOST_RETRY_ATTEMPTS: '0' } });
    await harness.linkAccount(harness.alice, harness.host.exampleAccount);
  });

  afterAll(async () => {
    await harness.close();
  });

  beforeEach(() => {
    harness.host.clearFaults();
    // A file of the fake's own, so its splash URLs point at the fake, never at the documented CDN.
    fileId = harness.host.addFile(harness.host.exampleAccount.login, { name: 'with-splash.mp4' });
  });

  function runSplash(options: Record<string, string | number | boolean>, userId = harness.alice) {
    return harness.discord.slashCommand({
      userId,
      channelId: harness.adultChannelId,
      name: 'splash',
      options,
    });
  }

  function imageRequests(): number {
    return harness.host.requests.filter((request) => request.endpoint === 'other').length;
  }

  it('attaches the image the host serves, byte for byte', async () => {
    const command = runSplash({ file: fileId, index: 3 });

    expect((await command.callback()).flags & EPHEMERAL).toBe(EPHEMERAL);
    const edit = await finalEdit(command);
    expect(edit.data.embeds).toEqual([
      { title: `Splash image 3 of ${fileId}`, image: { url: 'attachment://splash.jpg' } },
    ]);
    expect(edit.files).toHaveLength(1);
    expect(edit.files[0]?.filename).toBe('splash.jpg');
    expect(edit.files[0]?.data.equals(await servedSplash(3))).toBe(true);
  });

  it('shows the big thumbnail by default', async () => {
    const edit = await finalEdit(runSplash({ file: fileId }));

    expect(edit.files[0]?.data.equals(await servedSplash(0))).toBe(true);
    const request = harness.host.requests.filter((sent) => sent.endpoint === 'file/getsplash').at(-1);
    expect(request?.query.splash).toBe('0');
  });

  it.each([
    ['false', false],
    ['an empty string', ''],
  ] as const)('says there is no image when the host returns %s', async (_case, value) => {
    harness.host.setSplash(fileId, value);
    const before = imageRequests();

    const edit = await finalEdit(runSplash({ file: fileId, index: 2 }));

    expect(contentOf(edit)).toBe(`The host has no splash image 2 for file ${fileId}.`);
    expect(embedsOf(edit)).toEqual([]);
    expect(edit.files).toEqual([]);
    expect(imageRequests()).toBe(before);
  });

  it('says so when an http image cannot be fetched', async () => {
    harness.host.setSplash(fileId, `${harness.host.origin}/thumb/NOSUCHFILE1/0.jpg`);

    const edit = await finalEdit(runSplash({ file: fileId }));

    expect(contentOf(edit)).toBe(
      `The host's splash image 0 for file ${fileId} could not be fetched, and its address is not https, so Discord cannot show it either.`,
    );
    expect(embedsOf(edit)).toEqual([]);
    expect(edit.files).toEqual([]);
  });

  it('falls back to an https URL it could not fetch', async () => {
    // Nothing listens on port 1 of 127.0.0.1, so the fetch fails at once without leaving this machine.
    const url = 'https://127.0.0.1:1/thumb/0.jpg';
    harness.host.setSplash(fileId, url);

    const edit = await finalEdit(runSplash({ file: fileId }));

    expect(edit.data.embeds).toEqual([{ title: `Splash image 0 of ${fileId}`, image: { url } }]);
    expect(edit.files).toEqual([]);
  });

  it('does not fetch what is not an image', async () => {
    harness.host.setSplash(fileId, `${harness.host.origin}/v/${fileId}`);

    const edit = await finalEdit(runSplash({ file: fileId }));

    expect(contentOf(edit)).toMatch(/could not be fetched/);
    expect(edit.files).toEqual([]);
  });

  it('explains a file of another account', async () => {
    const theirs = harness.host.addFile(harness.host.addAccount().login, { name: 'theirs.mp4' });

    const edit = await finalEdit(runSplash({ file: theirs }));

    expect(contentOf(edit)).toMatch(/^The host denied access\. Either the file belongs to another account/);
    expect(edit.files).toEqual([]);
  });
});
