import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeAccount } from '../fakes/host/fake-host.js';
import { BotHarness } from '../support/bot-harness.js';
import { EPHEMERAL, buttonId, buttonsOf, contentOf, embedsOf, finalEdit } from './support/replies.js';

const EXAMPLE_IDS = ['FXR1I5PIK1', 'FXQXRRATXY', 'FXSNPOKMT4', 'GGJIW5DU5H'];

interface FakeModelAccess {
  model: { requireFile(id: string): { description: string } };
}

describe('/file', () => {
  let harness: BotHarness;
  let other: FakeAccount;
  let foreignId: string;

  beforeAll(async () => {
    harness = await BotHarness.start({ env: { HOST_RETRY_ATTEMPTS: '0' } });
    await harness.linkAccount(harness.alice, harness.host.exampleAccount);
    other = harness.host.addAccount();
    foreignId = harness.host.addFile(other.login, { name: 'theirs.mp4' });
  });

  afterAll(async () => {
    await harness.close();
  });

  beforeEach(() => {
    harness.host.clearFaults();
  });

  function runFile(ids: string, options: { userId?: string; channelId?: string; public?: boolean } = {}) {
    return harness.discord.slashCommand({
      userId: options.userId ?? harness.alice,
      channelId: options.channelId ?? harness.adultChannelId,
      name: 'file',
      options: options.public === undefined ? { ids } : { ids, public: options.public },
    });
  }

  function fileInfoRequests(): string[] {
    return harness.host.requests
      .filter((request) => request.endpoint === 'file/info')
      .map((request) => request.query.file ?? '');
  }

  function pagesSite(): string {
    return harness.host.origin;
  }

  it('shows the example files with exact fields, ephemerally', async () => {
    const command = runFile(EXAMPLE_IDS.join(', '));

    const callback = await command.callback();
    expect(callback.type).toBe(5);
    expect(callback.flags & EPHEMERAL).toBe(EPHEMERAL);

    const edit = await finalEdit(command);
    expect(contentOf(edit)).toBe('Found 4 of 4 files.');
    expect(buttonsOf(edit)).toEqual([]);
    const embeds = embedsOf(edit);
    expect(embeds.map((embed) => embed.fields?.[0]?.value)).toEqual(EXAMPLE_IDS);
    expect(embeds[0]).toEqual({
      title: 'Jess\\_Anders.mp4',
      url: `${pagesSite()}/v/FXR1I5PIK1`,
      fields: [
        { name: 'ID', value: 'FXR1I5PIK1', inline: true },
        { name: 'Uploaded', value: '<t:1495385231:f>', inline: true },
        { name: 'Last view', value: '<t:1546755399:f>', inline: true },
        { name: 'Views', value: '130', inline: true },
        { name: 'Qualities', value: '360p, 480p, 720p', inline: true },
        { name: 'Link', value: `${pagesSite()}/v/FXR1I5PIK1`, inline: false },
      ],
    });
    expect(embeds[1]?.fields?.find((field) => field.name === 'Qualities')?.value).toBe('720p');
    expect(embeds[3]?.title).toBe("Valentine's day special.mp4");
    expect(embeds[3]?.description).toBe(
      'A long free-text description written by the uploader.\n\t\t\t\t\t' +
        "In the host's documentation this text runs to about 1,400 characters over\n\t\t\t\t\t" +
        'twenty lines, with apostrophes, commas and question marks, so a bot must\n\t\t\t\t\t' +
        "trim it to Discord's limits and escape it before showing it.",
    );
    expect(embeds[0]?.description).toBeUndefined();
  });

  it('lists unknown and foreign IDs without hiding the others', async () => {
    const edit = await finalEdit(runFile(`FXR1I5PIK1 NOSUCHFILE1 ${foreignId}`));

    expect(contentOf(edit)).toBe('Found 1 of 3 files.');
    const embeds = embedsOf(edit);
    expect(embeds).toHaveLength(2);
    expect(embeds[0]).toEqual({
      title: 'Not shown',
      description: [
        '**NOSUCHFILE1**: not found on the host',
        `**${foreignId}**: not yours (it belongs to another account)`,
      ].join('\n'),
    });
    expect(embeds[1]?.fields?.[0]?.value).toBe('FXR1I5PIK1');
  });

  it('drops repeats and reports junk without asking the host about it', async () => {
    const before = fileInfoRequests().length;

    const edit = await finalEdit(runFile('FXR1I5PIK1, FXR1I5PIK1 bad-id! FXQXRRATXY,,<@&123> FXR1I5PIK1'));

    expect(fileInfoRequests().slice(before)).toEqual(['FXR1I5PIK1,FXQXRRATXY']);
    expect(contentOf(edit)).toBe(
      'Found 2 of 2 files. 2 entries are not a file ID. 2 repeated IDs were skipped.',
    );
    const embeds = embedsOf(edit);
    expect(embeds[0]?.description).toBe('**bad-id!**: not a file ID\n**<\u200b@&123>**: not a file ID');
    expect(embeds.slice(1).map((embed) => embed.fields?.[0]?.value)).toEqual(['FXR1I5PIK1', 'FXQXRRATXY']);
  });

  it('sends no request when no entry is a file ID', async () => {
    const before = fileInfoRequests().length;

    const edit = await finalEdit(runFile('!!! ??? @everyone'));

    expect(fileInfoRequests().length).toBe(before);
    expect(contentOf(edit)).toBe(
      'None of the entries is a file ID. File IDs are letters and digits, like FXR1I5PIK1.',
    );
    expect(embedsOf(edit)[0]?.description).toBe(
      '**!!!**: not a file ID\n**???**: not a file ID\n**@\u200beveryone**: not a file ID',
    );
  });

  it.each([
    [50, 1],
    [51, 2],
    [120, 3],
  ])('fetches %i IDs in %i file/info requests', async (count, requests) => {
    const account = harness.host.addAccount();
    const ids = Array.from({ length: count }, (_, index) =>
      harness.host.addFile(account.login, { name: `clip-${index}.mp4` }),
    );
    await harness.linkAccount(harness.bob, account);
    const before = fileInfoRequests().length;

    const edit = await finalEdit(runFile(ids.join(' '), { userId: harness.bob }));

    const sent = fileInfoRequests().slice(before);
    expect(sent).toHaveLength(requests);
    expect(sent.flatMap((batch) => batch.split(','))).toEqual(ids);
    expect(sent.every((batch) => batch.split(',').length <= 50)).toBe(true);
    expect(contentOf(edit)).toMatch(new RegExp(`^Found ${count} of ${count} files\\. Page 1 of \\d+\\.$`));
    expect(embedsOf(edit)).toHaveLength(10);
  });

  it('rejects more than 500 distinct IDs without a request', async () => {
    const before = fileInfoRequests().length;
    const ids = Array.from({ length: 501 }, (_, index) => `ID${String(index).padStart(4, '0')}`);

    const edit = await finalEdit(runFile(ids.join(',')));

    expect(contentOf(edit)).toBe('Give at most 500 file IDs at once; the list has 501 different ones.');
    expect(fileInfoRequests().length).toBe(before);
  });

  it('pages with buttons that still work after a restart', async () => {
    const account = harness.host.addAccount();
    const ids = Array.from({ length: 25 }, (_, index) =>
      harness.host.addFile(account.login, { name: `part-${index}.mp4` }),
    );
    const user = harness.discord.createUser({ username: 'pager' }).id;
    harness.discord.addMember(harness.guildId, user);
    await harness.linkAccount(user, account);

    const first = await finalEdit(runFile(ids.join(' '), { userId: user }));
    expect(contentOf(first)).toBe('Found 25 of 25 files. Page 1 of 3.');
    expect(buttonsOf(first).map((button) => [button.label, button.disabled])).toEqual([
      ['Previous', true],
      ['Next', false],
    ]);

    const second = await press(user, buttonId(first, 'Next'), first.messageId);
    expect(contentOf(second)).toBe('Found 25 of 25 files. Page 2 of 3.');
    expect(embedsOf(second).map((embed) => embed.fields?.[0]?.value)).toEqual(ids.slice(10, 20));

    await harness.restart({ HOST_RETRY_ATTEMPTS: '0' });

    const third = await press(user, buttonId(second, 'Next'), first.messageId);
    expect(contentOf(third)).toBe('Found 25 of 25 files. Page 3 of 3.');
    expect(embedsOf(third).map((embed) => embed.fields?.[0]?.value)).toEqual(ids.slice(20));
    expect(buttonsOf(third).map((button) => [button.label, button.disabled])).toEqual([
      ['Previous', false],
      ['Next', true],
    ]);

    const back = await press(user, buttonId(third, 'Previous'), first.messageId);
    expect(contentOf(back)).toBe('Found 25 of 25 files. Page 2 of 3.');
  });

  it('shows a file deleted since as not found', async () => {
    const account = harness.host.addAccount();
    const ids = Array.from({ length: 12 }, (_, index) =>
      harness.host.addFile(account.login, { name: `gone-${index}.mp4` }),
    );
    const user = await newMember('deleter', account);
    const first = await finalEdit(runFile(ids.join(' '), { userId: user }));

    harness.host.deleteFile(ids[11] ?? '');
    const second = await press(user, buttonId(first, 'Next'), first.messageId);

    expect(contentOf(second)).toBe('Found 12 of 12 files. Page 2 of 2.');
    expect(embedsOf(second)[1]).toEqual({
      title: ids[11],
      description: 'Not shown: not found on the host.',
    });
  });

  it('splits a page whose files grew', async () => {
    const account = harness.host.addAccount();
    const ids = Array.from({ length: 20 }, (_, index) =>
      harness.host.addFile(account.login, { name: `grow-${index}.mp4` }),
    );
    const user = await newMember('grower', account);
    const first = await finalEdit(runFile(ids.join(' '), { userId: user }));
    expect(contentOf(first)).toBe('Found 20 of 20 files. Page 1 of 2.');

    // The fake has no call to edit a file, so the test reaches into its model, as an edit on the host would.
    const model = (harness.host as unknown as { runtime: FakeModelAccess }).runtime.model;
    for (const id of ids.slice(10)) model.requireFile(id).description = 'd'.repeat(1000);

    const second = await press(user, buttonId(first, 'Next'), first.messageId);
    expect(contentOf(second)).toBe('Found 20 of 20 files. Page 2 of 3.');
    const third = await press(user, buttonId(second, 'Next'), first.messageId);
    expect(contentOf(third)).toBe('Found 20 of 20 files. Page 3 of 3.');

    const shown = [...embedsOf(second), ...embedsOf(third)].map((embed) => embed.fields?.[0]?.value);
    expect(shown).toEqual(ids.slice(10));
    expect(embedsOf(second).length).toBeLessThan(10);
  });

  it('guards public pages by owner and channel', async () => {
    const account = harness.host.addAccount();
    const ids = Array.from({ length: 12 }, (_, index) =>
      harness.host.addFile(account.login, { name: `shared-${index}.mp4` }),
    );
    const user = harness.discord.createUser({ username: 'sharer' }).id;
    harness.discord.addMember(harness.guildId, user);
    await harness.linkAccount(user, account);
    const channel = harness.discord.createChannel(harness.guildId, { name: 'shared', nsfw: true });

    const command = harness.discord.slashCommand({
      userId: user,
      channelId: channel.id,
      name: 'file',
      options: { ids: ids.join(' '), public: true },
    });
    expect((await command.callback()).flags & EPHEMERAL).toBe(0);
    const first = await finalEdit(command);
    const next = buttonId(first, 'Next');

    const stranger = harness.discord.button({
      userId: harness.bob,
      channelId: channel.id,
      customId: next,
      messageId: first.messageId ?? '',
    });
    const refusal = await stranger.waitFor((response) => response.kind === 'followup');
    expect(refusal.ephemeral).toBe(true);
    expect(contentOf(refusal)).toBe('Only the member who ran this /file can turn its pages.');

    // An admin turns the age restriction off; Discord sends the channel's new state with the next interaction.
    channel.nsfw = false;
    const before = fileInfoRequests().length;
    const owner = harness.discord.button({
      userId: user,
      channelId: channel.id,
      customId: next,
      messageId: first.messageId ?? '',
    });
    const declined = await finalEdit(owner);
    expect(contentOf(declined)).toMatch(/^This shows content from the video host, which is for adults/);
    expect(embedsOf(declined)).toEqual([]);
    expect(buttonsOf(declined)).toEqual([]);
    expect(fileInfoRequests().length).toBe(before);
  });

  it('escapes and cuts a hostile name', async () => {
    const name = `**bold** @everyone <@&123456789012345678> _x_ ${'a'.repeat(300)}`.slice(0, 300);
    const id = harness.host.addFile(harness.host.exampleAccount.login, {
      name,
      description: '~~gone~~ `code` @here',
    });

    const edit = await finalEdit(runFile(id));

    const [embed] = embedsOf(edit);
    expect(embed?.title).toHaveLength(256);
    expect(
      embed?.title?.startsWith('\\*\\*bold\\*\\* @\u200beveryone <\u200b@&123456789012345678> \\_x\\_ aaa'),
    ).toBe(true);
    expect(embed?.title?.endsWith('a…')).toBe(true);
    expect(embed?.description).toBe('\\~\\~gone\\~\\~ \\`code\\` @\u200bhere');
  });

  it('makes the answer public only when asked', async () => {
    const command = runFile('FXR1I5PIK1', { public: true });

    const callback = await command.callback();
    expect(callback.type).toBe(5);
    expect(callback.flags & EPHEMERAL).toBe(0);
    expect(embedsOf(await finalEdit(command))).toHaveLength(1);
  });

  it('tells an unlinked member to run /login', async () => {
    const user = harness.discord.createUser({ username: 'newcomer' }).id;
    harness.discord.addMember(harness.guildId, user);

    const edit = await finalEdit(runFile('FXR1I5PIK1', { userId: user }));

    expect(contentOf(edit)).toMatch(/^You have not linked a video host account yet\. Run \/login/);
    expect(embedsOf(edit)).toEqual([]);
  });

  it('tells the member to link again when the host rejects the key', async () => {
    harness.host.fail('file/info', {
      kind: 'envelope',
      httpStatus: 200,
      status: 403,
      msg: 'Wrong API login or key',
    });

    const edit = await finalEdit(runFile('FXR1I5PIK1'));

    expect(contentOf(edit)).toBe(
      'The host denied access. Either the file belongs to another account, or your API login or key ' +
        'is no longer valid; in that case run /login to link your account again.',
    );
  });

  it('says to try later when the host is down', async () => {
    harness.host.fail('file/info', { kind: 'html', httpStatus: 502 });

    const edit = await finalEdit(runFile('FXR1I5PIK1'));

    expect(contentOf(edit)).toBe(
      'The host could not be reached or did not answer in time. Try again in a few minutes.',
    );
  });

  async function newMember(name: string, account: FakeAccount): Promise<string> {
    const user = harness.discord.createUser({ username: name }).id;
    harness.discord.addMember(harness.guildId, user);
    await harness.linkAccount(user, account);
    return user;
  }

  async function press(userId: string, customId: string, messageId: string | undefined) {
    if (messageId === undefined) throw new Error('the reply has no message ID');
    const button = harness.discord.button({ userId, channelId: harness.adultChannelId, customId, messageId });
    expect((await button.callback()).type).toBe(6);
    return finalEdit(button);
  }
});
