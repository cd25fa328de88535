import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Fault } from '../fakes/host/fake-host.js';
import { BotHarness } from '../support/bot-harness.js';
import { EPHEMERAL, buttonsOf, contentOf, embedsOf, finalEdit } from './support/replies.js';

const FULL = '▰▰▰▰▰▰▰▰▰▰ 100 %';

describe('/converts', () => {
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
  });

  function runConverts(options: Record<string, string | boolean>, channelId = harness.adultChannelId) {
    return harness.discord.slashCommand({ userId: harness.alice, channelId, name: 'converts', options });
  }

  function press(customId: string, messageId: string | undefined, channelId = harness.adultChannelId) {
    return harness.discord.button({ userId: harness.alice, channelId, customId, messageId: messageId ?? '' });
  }

  it('shows every quality of the documented example with a Refresh button', async () => {
    const command = runConverts({ file: 'FXSNPOKMT4' });

    expect((await command.callback()).flags & EPHEMERAL).toBe(EPHEMERAL);
    const edit = await finalEdit(command);
    expect(embedsOf(edit)).toEqual([
      {
        title: 'Encoding of FXSNPOKMT4',
        description: [
          'Summary: success',
          'Playable: yes',
          'Link: https://www.bitporno.com/v/VXSNPOKMT3',
          'Encoded file ID: VXSNPOKMT3',
        ].join('\n'),
        fields: [
          { name: '360p', value: `${FULL}\nconverted · 2 retries`, inline: true },
          { name: '480p', value: `${FULL}\nconverted · 4 retries`, inline: true },
          { name: '720p', value: 'skipped · 1 retry', inline: true },
          { name: '1080p', value: 'skipped · 1 retry', inline: true },
        ],
      },
    ]);
    expect(buttonsOf(edit)).toEqual([
      { custom_id: 'converts-refresh:FXSNPOKMT4:all', label: 'Refresh', disabled: undefined },
    ]);
  });

  it('limits the answer to one quality', async () => {
    const edit = await finalEdit(runConverts({ file: 'FXSNPOKMT4', quality: '480p' }));

    expect(embedsOf(edit)[0]?.fields).toEqual([
      { name: '480p', value: `${FULL}\nconverted · 4 retries`, inline: true },
    ]);
    expect(buttonsOf(edit)[0]?.custom_id).toBe('converts-refresh:FXSNPOKMT4:480p');
    const request = harness.host.requests.filter((sent) => sent.endpoint === 'file/converts').at(-1);
    expect(request?.query.output).toBe('480p');
  });

  it('refreshes a running encoding, also after a restart', async () => {
    harness.host.encodingDurationMs = 3_600_000;
    const fileId = harness.host.addFile(harness.host.exampleAccount.login, {
      name: 'fresh.mp4',
      height: 480,
      encoded: false,
    });
    harness.host.encodingDurationMs = 2000;

    const first = await finalEdit(runConverts({ file: fileId }));
    const [embed] = embedsOf(first);
    expect(embed?.description).toBe(
      `Summary: pending\nPlayable: no\nLink: ${harness.host.origin}/v/${fileId}`,
    );
    expect(embed?.fields?.[0]).toEqual({
      name: '360p',
      value: '▱▱▱▱▱▱▱▱▱▱ 0 %\nconverting · 0 retries',
      inline: true,
    });

    await harness.restart({ HOST_RETRY_ATTEMPTS: '0' });
    harness.host.finishEncoding(fileId);

    const button = press(`converts-refresh:${fileId}:all`, first.messageId);
    expect((await button.callback()).type).toBe(6);
    const refreshed = embedsOf(await finalEdit(button))[0];
    expect(refreshed?.description?.split('\n').slice(0, 2)).toEqual(['Summary: success', 'Playable: yes']);
    expect(refreshed?.fields?.map((field) => field.value)).toEqual([
      `${FULL}\nconverted · 0 retries`,
      `${FULL}\nconverted · 0 retries`,
      'skipped · 0 retries',
      'skipped · 0 retries',
    ]);
  });

  it('answers in a DM with the bot', async () => {
    const dm = harness.discord.createDmChannel(harness.alice).id;

    const edit = await finalEdit(runConverts({ file: 'FXSNPOKMT4' }, dm));

    expect(embedsOf(edit)[0]?.title).toBe('Encoding of FXSNPOKMT4');
  });

  it('declines a button press once the channel is no longer age-restricted', async () => {
    const channel = harness.discord.createChannel(harness.guildId, { name: 'was-adult', nsfw: true });
    const first = await finalEdit(runConverts({ file: 'FXSNPOKMT4' }, channel.id));
    const before = harness.host.requests.length;

    // An admin turns the age restriction off; Discord sends the channel's new state with the next interaction.
    channel.nsfw = false;
    const button = press('converts-refresh:FXSNPOKMT4:all', first.messageId, channel.id);

    const edit = await finalEdit(button);
    expect(contentOf(edit)).toBe(
      'This shows content from the video host, which is for adults, so the bot shows it only in ' +
        'age-restricted channels and in DMs with the bot. Run the command in one of those instead.',
    );
    expect(embedsOf(edit)).toEqual([]);
    expect(buttonsOf(edit)).toEqual([]);
    expect(harness.host.requests.length).toBe(before);
  });

  it('keeps the message and answers privately when a refresh fails', async () => {
    const first = await finalEdit(runConverts({ file: 'FXSNPOKMT4' }));
    harness.host.fail('file/converts', { kind: 'html', httpStatus: 503 });

    const button = press('converts-refresh:FXSNPOKMT4:all', first.messageId);

    const followUp = await button.waitFor((response) => response.kind === 'followup');
    expect(followUp.ephemeral).toBe(true);
    expect(contentOf(followUp)).toBe(
      'The host could not be reached or did not answer in time. Try again in a few minutes.',
    );
    expect(button.responses().some((response) => response.kind === 'original-edit')).toBe(false);
  });

  const foreign: [string, () => string, Fault | undefined, string][] = [
    [
      'a file of another account (403)',
      () => harness.host.addFile(harness.host.addAccount().login, { name: 'x.mp4' }),
      undefined,
      'The host denied access. Either the file belongs to another account, or your API login or key ' +
        'is no longer valid; in that case run /login to link your account again.',
    ],
    ['an unknown file (404)', () => 'NOSUCHFILE1', undefined, 'The host has no file with ID NOSUCHFILE1.'],
    [
      'a blocked file (451)',
      () => 'FXSNPOKMT4',
      { kind: 'json-error', httpStatus: 451, status: 451, msg: 'Unavailable For Legal Reasons' },
      'The host has blocked this file for legal reasons.',
    ],
    [
      'a host that is down (502)',
      () => 'FXSNPOKMT4',
      { kind: 'html', httpStatus: 502 },
      'The host could not be reached or did not answer in time. Try again in a few minutes.',
    ],
    [
      'a rejected request whose message has markdown',
      () => 'FXSNPOKMT4',
      { kind: 'json-error', httpStatus: 400, status: 400, msg: '**bad** [x](https://e.x) @everyone' },
      'The host rejected the request: \\*\\*bad\\*\\* \\[x](https://e.x) @\u200beveryone',
    ],
  ];

  it.each(foreign)('explains %s', async (_case, fileId, fault, message) => {
    if (fault !== undefined) harness.host.fail('file/converts', fault);

    const edit = await finalEdit(runConverts({ file: fileId() }));

    expect(contentOf(edit)).toBe(message);
    expect(embedsOf(edit)).toEqual([]);
  });

  it('tells an unlinked member to run /login', async () => {
    const edit = await finalEdit(
      harness.discord.slashCommand({
        userId: harness.bob,
        channelId: harness.adultChannelId,
        name: 'converts',
        options: { file: 'FXSNPOKMT4' },
      }),
    );

    expect(contentOf(edit)).toMatch(/^You have not linked a video host account yet\. Run \/login/);
  });
});
