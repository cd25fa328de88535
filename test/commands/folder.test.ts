import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FakeAccount } from '../fakes/host/fake-host.js';
import { BotHarness } from '../support/bot-harness.js';
import { EPHEMERAL, buttonId, buttonsOf, contentOf, embedsOf, finalEdit } from './support/replies.js';

const LONG_DESCRIPTION_ON_ONE_LINE =
  'A long free-text description written by the uploader. ' +
  "In the host's documentation this text runs to about 1,400 characters over " +
  'twenty lines, with apostrophes, commas and question marks, so a bot must ' +
  "trim it to Discord's limits and escape it before showing it.";

describe('/folder', () => {
  let harness: BotHarness;

  beforeAll(async () => {
    harness = await BotHarness.start({ env: { HOST_RETRY_ATTEMPTS: '0' } });
    await harness.linkAccount(harness.alice, harness.host.exampleAccount);
  });

  afterAll(async () => {
    await harness.close();
  });

  beforeEach(() => {
    harness.host.clearFaults();
    harness.host.listStyle = { emptyFolders: '{}', emptyFiles: '[]', files: 'array' };
  });

  function runFolder(options: Record<string, string | boolean> = {}, userId = harness.alice) {
    return harness.discord.slashCommand({
      userId,
      channelId: harness.adultChannelId,
      name: 'folder',
      options,
    });
  }

  function autocomplete(typed: string, userId = harness.alice) {
    return harness.discord.autocomplete({
      userId,
      channelId: harness.adultChannelId,
      name: 'folder',
      options: { folder_id: typed },
      focused: 'folder_id',
    });
  }

  async function newMember(name: string, account: FakeAccount): Promise<string> {
    const user = harness.discord.createUser({ username: name }).id;
    harness.discord.addMember(harness.guildId, user);
    await harness.linkAccount(user, account);
    return user;
  }

  it('lists the root folder of the example account with exact fields', async () => {
    const command = runFolder();

    expect((await command.callback()).flags & EPHEMERAL).toBe(EPHEMERAL);
    const edit = await finalEdit(command);
    expect(contentOf(edit)).toBe('');
    expect(buttonsOf(edit)).toEqual([]);
    expect(embedsOf(edit)).toEqual([
      {
        title: 'Root folder',
        description: '1 folder and 1 file.',
        fields: [
          { name: '📁 work', value: 'Folder ID 26' },
          {
            name: "Valentine's day special.mp4",
            value: [
              'ID GGJIW5DU5H · 0 views',
              'Uploaded <t:1594101441:f>',
              'https://www.bitporno.com/v/GGJIW5DU5H',
              `${LONG_DESCRIPTION_ON_ONE_LINE.slice(0, 149)}…`,
            ].join('\n'),
          },
        ],
      },
    ]);
  });

  it('lists folder 26 with its three files', async () => {
    const edit = await finalEdit(runFolder({ folder_id: '26' }));

    const [embed] = embedsOf(edit);
    expect(embed?.title).toBe('Folder 26');
    expect(embed?.description).toBe('0 folders and 3 files.');
    expect(embed?.fields?.map((field) => field.name)).toEqual([
      'Jess\\_Anders.mp4',
      'video\\_156.mp4',
      'sample\\_480p.mp4',
    ]);
    expect(embed?.fields?.[0]?.value).toBe(
      'ID FXR1I5PIK1 · 130 views\nUploaded <t:1495385231:f>\nhttps://www.bitporno.com/v/FXR1I5PIK1',
    );
  });

  it('lists only the last 24 hours with recent', async () => {
    const account = harness.host.addAccount();
    harness.host.addFile(account.login, { name: 'old.mp4', uploadedAt: Date.now() - 3 * 86_400_000 });
    harness.host.addFile(account.login, { name: 'new.mp4' });
    const user = await newMember('recent', account);

    const edit = await finalEdit(runFolder({ recent: true }, user));

    const [embed] = embedsOf(edit);
    expect(embed?.title).toBe('Root folder: last 24 hours');
    expect(embed?.fields?.map((field) => field.name)).toEqual(['new.mp4']);
    const request = harness.host.requests.filter((sent) => sent.endpoint === 'file/listfolder').at(-1);
    expect(request?.query.mode).toBe('1');
  });

  it.each([
    ['{}', '{}'],
    ['[]', '[]'],
  ] as const)('shows an empty folder sent as folders %s and files %s', async (folders, files) => {
    const account = harness.host.addAccount();
    const folderId = harness.host.addFolder(account.login, { name: 'empty' });
    const user = await newMember(`empty${folders}`, account);
    harness.host.listStyle = { emptyFolders: folders, emptyFiles: files, files: 'array' };

    const edit = await finalEdit(runFolder({ folder_id: folderId }, user));

    expect(embedsOf(edit)).toEqual([{ title: `Folder ${folderId}`, description: 'This folder is empty.' }]);
    expect(buttonsOf(edit)).toEqual([]);
  });

  it('pages with buttons that still work after a restart', async () => {
    const account = harness.host.addAccount();
    const folderId = harness.host.addFolder(account.login, { name: 'big' });
    const names = Array.from({ length: 23 }, (_, index) => `clip-${String(index).padStart(2, '0')}.mp4`);
    for (const name of names) harness.host.addFile(account.login, { name, folderId });
    const user = await newMember('pager', account);

    const first = await finalEdit(runFolder({ folder_id: folderId }, user));
    expect(contentOf(first)).toBe('Page 1 of 3.');
    expect(embedsOf(first)[0]?.fields?.map((field) => field.name)).toEqual(names.slice(0, 10));
    expect(buttonsOf(first)).toEqual([
      { custom_id: `folder-page:${folderId}:0:0`, label: 'Previous', disabled: true },
      { custom_id: `folder-page:${folderId}:0:1`, label: 'Next', disabled: false },
    ]);

    await harness.restart({ HOST_RETRY_ATTEMPTS: '0' });

    const second = await press(user, buttonId(first, 'Next'), first.messageId);
    expect(contentOf(second)).toBe('Page 2 of 3.');
    expect(embedsOf(second)[0]?.fields?.map((field) => field.name)).toEqual(names.slice(10, 20));

    const third = await press(user, buttonId(second, 'Next'), first.messageId);
    expect(contentOf(third)).toBe('Page 3 of 3.');
    expect(embedsOf(third)[0]?.fields?.map((field) => field.name)).toEqual(names.slice(20));
    expect(buttonsOf(third).map((button) => button.disabled)).toEqual([false, true]);
  });

  it('lets only the owner turn public pages', async () => {
    const account = harness.host.addAccount();
    for (let index = 0; index < 12; index += 1)
      harness.host.addFile(account.login, { name: `f${index}.mp4` });
    const user = await newMember('owner', account);

    const first = await finalEdit(runFolder({ public: true }, user));
    const button = harness.discord.button({
      userId: harness.bob,
      channelId: harness.adultChannelId,
      customId: buttonId(first, 'Next'),
      messageId: first.messageId ?? '',
    });

    const followUp = await button.waitFor((response) => response.kind === 'followup');
    expect(followUp.ephemeral).toBe(true);
    expect(contentOf(followUp)).toBe('Only the member who ran this /folder can turn its pages.');
    expect(button.responses().some((response) => response.kind === 'original-edit')).toBe(false);
  });

  it('reports an unknown folder', async () => {
    const edit = await finalEdit(runFolder({ folder_id: '999999' }));

    expect(contentOf(edit)).toBe('The host found no such file or folder.');
  });

  it('rejects a folder ID that is not digits, escaped, without a request', async () => {
    const before = harness.host.requests.length;

    const edit = await finalEdit(runFolder({ folder_id: '*x*' }));

    expect(contentOf(edit)).toBe('"\\*x\\*" is not a folder ID: folder IDs contain only digits, like 26.');
    expect(harness.host.requests.length).toBe(before);
  });

  it('suggests the member folders in autocomplete', async () => {
    const account = harness.host.addAccount();
    harness.host.addFolder(account.login, { name: 'Holidays' });
    harness.host.addFolder(account.login, { name: 'Work' });
    const user = await newMember('typist', account);

    const all = await autocomplete('', user).callback();
    expect(all.type).toBe(8);
    expect((all.data.choices as Array<{ name: string }>).map((choice) => choice.name)).toEqual([
      expect.stringMatching(/^Holidays \(\d+\)$/),
      expect.stringMatching(/^Work \(\d+\)$/),
    ]);

    const listings = harness.host.requests.filter((sent) => sent.endpoint === 'file/listfolder').length;
    const filtered = await autocomplete('hol', user).callback();
    expect(filtered.data.choices).toEqual([
      { name: expect.stringMatching(/^Holidays \(\d+\)$/), value: expect.stringMatching(/^\d+$/) },
    ]);
    expect(harness.host.requests.filter((sent) => sent.endpoint === 'file/listfolder').length).toBe(listings);
  });

  it('answers autocomplete with no choices when the host hangs', async () => {
    const user = await newMember('waiting', harness.host.addAccount());
    harness.host.fail('file/listfolder', { kind: 'hang' });

    const callback = await autocomplete('', user).callback(2900);

    expect(callback.type).toBe(8);
    expect(callback.data.choices).toEqual([]);
  });

  it('answers autocomplete with no choices for an unlinked member', async () => {
    const user = harness.discord.createUser({ username: 'unlinked' }).id;
    harness.discord.addMember(harness.guildId, user);

    const callback = await autocomplete('', user).callback();

    expect(callback.data.choices).toEqual([]);
  });

  async function press(userId: string, customId: string, messageId: string | undefined) {
    const button = harness.discord.button({
      userId,
      channelId: harness.adultChannelId,
      customId,
      messageId: messageId ?? '',
    });
    expect((await button.callback()).type).toBe(6);
    return finalEdit(button);
  }
});
