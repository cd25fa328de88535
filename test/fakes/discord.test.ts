import { once } from 'node:events';

import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  Events,
  GatewayIntentBits,
  MessageFlags,
  ModalBuilder,
  Routes,
  TextInputBuilder,
  TextChannel,
  TextInputStyle,
} from 'discord.js';
import type { Message } from 'discord.js';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';

import type { ChannelRecord, FakeDiscordOptions, GuildRecord, UserRecord } from './discord/index.js';
import { FakeDiscord } from './discord/index.js';
import { loginClient, nextInteraction } from './discord/login-client.js';

let fake: FakeDiscord;
let client: Client<true> | undefined;
let guild: GuildRecord;
let videos: ChannelRecord;
let lounge: ChannelRecord;
let alice: UserRecord;

/** Starts a fake with one guild, an age-restricted and a plain channel, and a member. */
async function startFake(options: FakeDiscordOptions = {}): Promise<void> {
  fake = await FakeDiscord.start(options);
  alice = fake.createUser({ username: 'alice' });
  guild = fake.createGuild({ name: 'Video club' });
  videos = fake.createChannel(guild.id, { name: 'videos', nsfw: true });
  lounge = fake.createChannel(guild.id, { name: 'lounge', nsfw: false });
  fake.addMember(guild.id, alice.id);
}

/** Polls `condition` every 10 ms until it holds; fails after `timeoutMs`. */
async function eventually(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;

  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`Condition still false after ${timeoutMs} ms`);
    }

    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

beforeEach(async () => {
  await startFake();
});

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  expect(fake.internalErrors).toEqual([]);
  await fake.close();
});

async function login(): Promise<Client<true>> {
  client = await loginClient(fake);
  return client;
}

describe('gateway', () => {
  test('client becomes ready with guild and channels cached', async () => {
    const ready = await login();

    const cachedGuild = ready.guilds.cache.get(guild.id);
    expect(cachedGuild?.name).toBe('Video club');
    expect(cachedGuild?.available).toBe(true);
    expect(cachedGuild?.members.cache.has(fake.botUser.id)).toBe(true);

    const cachedVideos = ready.channels.cache.get(videos.id);
    const cachedLounge = ready.channels.cache.get(lounge.id);
    expect(cachedVideos).toBeInstanceOf(TextChannel);
    expect(cachedLounge).toBeInstanceOf(TextChannel);
    expect((cachedVideos as TextChannel).nsfw).toBe(true);
    expect((cachedLounge as TextChannel).nsfw).toBe(false);
    expect((cachedVideos as TextChannel).name).toBe('videos');

    expect(ready.user.id).toBe(fake.botUser.id);
    expect(ready.application.id).toBe(fake.applicationId);
    expect(fake.gatewayStats.identifies).toBe(1);
    expect(fake.gatewayStats.intents).toBe(1);
    expect(fake.gatewayStats.resumes).toBe(0);
  });

  test('heartbeats get acknowledged', async () => {
    await fake.close();
    await startFake({ heartbeatIntervalMs: 50 });
    const ready = await login();

    await eventually(() => fake.gatewayStats.heartbeats >= 2 && ready.ws.ping >= 0);

    expect(fake.gatewayStats.heartbeats).toBeGreaterThanOrEqual(2);
    expect(ready.ws.ping).toBeGreaterThanOrEqual(0);
  });

  test('wrong token is rejected before the gateway', async () => {
    const stranger = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.restUrl } });
    const error = await stranger.login('not-the-token').catch((caught: unknown) => caught);
    await stranger.destroy();

    expect((error as { code?: string }).code).toBe('TokenInvalid');
    expect(fake.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      'GET /gateway/bot 401',
    ]);
    expect(fake.gatewayStats.connections).toBe(0);
  });

  test('privileged intents the application lacks close with 4014', async () => {
    const error = await loginClient(fake, {
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.MessageContent],
    }).catch((caught: unknown) => caught);

    expect(String(error)).toContain('Used disallowed intents');
    expect(fake.gatewayStats.closeCodes).toEqual([4014]);
    expect(fake.gatewayStats.identifies).toBe(0);
  });

  test('dropped connection resumes and replays missed dispatch', async () => {
    const ready = await login();
    const resumed = once(ready, Events.ShardResume, { signal: AbortSignal.timeout(5000) });

    fake.dropGateway(4000);
    const received = nextInteraction(ready);
    const handle = fake.slashCommand({ userId: alice.id, channelId: videos.id, name: 'account' });
    const [, replayed] = (await resumed) as [number, number];
    const interaction = await received;

    expect(interaction.id).toBe(handle.id);
    expect(replayed).toBe(2);
    expect(fake.gatewayStats.resumes).toBe(1);
    expect(fake.gatewayStats.identifies).toBe(1);
    expect(fake.gatewayStats.resumeUrlConnections).toBe(1);
    expect(fake.gatewayStats.closeCodes).toEqual([4000]);
  });

  test('terminated socket resumes too', async () => {
    const ready = await login();
    const resumed = once(ready, Events.ShardResume, { signal: AbortSignal.timeout(5000) });

    fake.dropGateway('terminate');
    await resumed;

    expect(fake.gatewayStats.resumes).toBe(1);
    expect(fake.gatewayStats.identifies).toBe(1);
  });

  test('guild created after login arrives as GUILD_CREATE', async () => {
    const ready = await login();
    const created = once(ready, Events.GuildCreate, { signal: AbortSignal.timeout(5000) });

    const later = fake.createGuild({ name: 'Later' });
    await created;

    expect(ready.guilds.cache.get(later.id)?.name).toBe('Later');
  });

  test('destroyed client ends its session', async () => {
    const ready = await login();

    expect(fake.gatewayStats.sessions).toBe(1);
    await ready.destroy();
    client = undefined;
    await eventually(() => fake.gatewayStats.sessions === 0);

    expect(fake.gatewayStats.identifies).toBe(1);
    expect(() => fake.slashCommand({ userId: alice.id, channelId: videos.id, name: 'account' })).toThrow(
      'No gateway session',
    );
  });

  test('message intents get MESSAGE_CREATE without content', async () => {
    client = await loginClient(fake, {
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    });
    const plain = once(client, Events.MessageCreate, { signal: AbortSignal.timeout(5000) });

    fake.postUserMessage(videos.id, { authorId: alice.id, content: 'secret words' });
    const [withoutContent] = (await plain) as [Message];
    const mentioning = once(client, Events.MessageCreate, { signal: AbortSignal.timeout(5000) });
    fake.postUserMessage(videos.id, { authorId: alice.id, content: `<@${fake.botUser.id}> hello` });
    const [withMention] = (await mentioning) as [Message];

    expect(fake.gatewayStats.intents).toBe(GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages);
    expect(withoutContent.content).toBe('');
    expect(withoutContent.author.id).toBe(alice.id);
    expect(withMention.content).toBe(`<@${fake.botUser.id}> hello`);
  });

  test('dispatch without a session throws', () => {
    expect(() => fake.slashCommand({ userId: alice.id, channelId: videos.id, name: 'account' })).toThrow(
      'No gateway session',
    );
  });
});

describe('interactions', () => {
  test('slash command carries string and attachment options', async () => {
    const ready = await login();
    const clip = fake.createAttachment({ filename: 'clip.mp4', bytes: Buffer.from('not really a video') });

    const received = nextInteraction(ready);
    fake.slashCommand({
      userId: alice.id,
      channelId: videos.id,
      name: 'upload',
      options: { folder: 'holiday' },
      attachments: { file: clip },
    });
    const interaction = await received;

    expect(interaction.isChatInputCommand()).toBe(true);
    if (!interaction.isChatInputCommand()) return;
    const attachment = interaction.options.getAttachment('file', true);
    expect(interaction.commandName).toBe('upload');
    expect(interaction.options.getString('folder')).toBe('holiday');
    expect(attachment.url).toMatch(
      new RegExp(
        `^${fake.cdnUrl}/ephemeral-attachments/${fake.applicationId}/${clip.id}/clip\\.mp4\\?ex=[0-9a-f]+&is=[0-9a-f]+&hm=[0-9a-f]+&$`,
      ),
    );
    expect(attachment.size).toBe(18);
    expect(attachment.contentType).toBe('video/mp4');
    expect(interaction.user.id).toBe(alice.id);
    expect(interaction.guildId).toBe(guild.id);
    expect(interaction.channel?.id).toBe(videos.id);

    const download = await fetch(attachment.url);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('not really a video');
  });

  test('subcommand options take registered types', async () => {
    const ready = await login();
    await ready.rest.put(Routes.applicationCommands(fake.applicationId), {
      body: [
        {
          name: 'watches',
          description: 'Your watches',
          options: [
            {
              type: 1,
              name: 'cancel',
              description: 'Cancel a watch',
              options: [
                { type: 3, name: 'file', description: 'File ID', required: true },
                { type: 10, name: 'after', description: 'Hours' },
              ],
            },
          ],
        },
      ],
    });

    const received = nextInteraction(ready);
    fake.slashCommand({
      userId: alice.id,
      channelId: videos.id,
      name: 'watches',
      subcommand: 'cancel',
      options: { file: 'abc123', after: 2 },
    });
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');

    expect(interaction.commandId).toBe(fake.registeredCommands()[0]?.id);
    expect(interaction.options.getSubcommand()).toBe('cancel');
    expect(interaction.options.getString('file')).toBe('abc123');
    expect(interaction.options.getNumber('after')).toBe(2);
    expect(() =>
      fake.slashCommand({ userId: alice.id, channelId: videos.id, name: 'watches', subcommand: 'list' }),
    ).toThrow('/watches has no Subcommand "list"');
    expect(() =>
      fake.slashCommand({
        userId: alice.id,
        channelId: videos.id,
        name: 'watches',
        subcommand: 'cancel',
        options: { file: 7 },
      }),
    ).toThrow('/watches option "file" is a String; got 7');
  });

  test('deferred ephemeral reply, edit and follow-up', async () => {
    const ready = await login();
    const received = nextInteraction(ready);
    const handle = fake.slashCommand({ userId: alice.id, channelId: videos.id, name: 'account' });
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');

    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const callback = await handle.callback();
    expect(callback.type).toBe(5);
    expect(callback.flags).toBe(64 | 128);
    expect(handle.original()?.flags).toBe(64 | 128);

    await interaction.editReply('Linked account alice');
    await interaction.followUp({ content: 'One more thing', flags: MessageFlags.Ephemeral });

    const responses = handle.responses();
    expect(responses.map((response) => response.kind)).toEqual(['callback', 'original-edit', 'followup']);
    expect(responses[1]?.data.content).toBe('Linked account alice');
    expect(responses[1]?.flags).toBe(64);
    expect(responses[2]?.data.content).toBe('One more thing');
    expect(responses[2]?.ephemeral).toBe(true);
    expect(handle.original()?.content).toBe('Linked account alice');
    expect(handle.followUps().map((message) => message.content)).toEqual(['One more thing']);
    expect(fake.channelMessages(videos.id)).toEqual([]);
  });

  test('first follow-up fills a deferred reply', async () => {
    const ready = await login();
    const received = nextInteraction(ready);
    const handle = fake.slashCommand({ userId: alice.id, channelId: videos.id, name: 'account' });
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');

    await interaction.deferReply();
    const message = await interaction.followUp('Done');

    expect(message.id).toBe(handle.original()?.id);
    expect(handle.original()?.content).toBe('Done');
    expect(handle.followUps()).toEqual([]);
    expect(fake.channelMessages(videos.id).map((visible) => visible.content)).toEqual(['Done']);
  });

  test('showModal then modal submit reply', async () => {
    const ready = await login();
    const received = nextInteraction(ready);
    const command = fake.slashCommand({ userId: alice.id, channelId: videos.id, name: 'login' });
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');

    const modal = new ModalBuilder()
      .setCustomId('login-modal')
      .setTitle('Log in')
      .addComponents(
        new ActionRowBuilder<TextInputBuilder>().addComponents(
          new TextInputBuilder().setCustomId('login').setLabel('Login').setStyle(TextInputStyle.Short),
        ),
      );
    await interaction.showModal(modal);
    const modalCallback = await command.callback();
    expect(modalCallback.type).toBe(9);
    expect(modalCallback.data.custom_id).toBe('login-modal');

    const submitted = nextInteraction(ready);
    const submit = fake.modalSubmit({
      userId: alice.id,
      channelId: videos.id,
      customId: 'login-modal',
      fields: { login: 'alice', key: 'sekret' },
    });
    const submission = await submitted;
    if (!submission.isModalSubmit()) throw new Error('expected a modal submit');

    expect(submission.customId).toBe('login-modal');
    expect(submission.fields.getTextInputValue('login')).toBe('alice');
    expect(submission.fields.getTextInputValue('key')).toBe('sekret');

    await submission.reply({ content: 'Linked alice', flags: MessageFlags.Ephemeral });
    const reply = await submit.callback();
    expect(reply.type).toBe(4);
    expect(reply.flags).toBe(64);
    expect(reply.data.content).toBe('Linked alice');
  });

  test('button press updates its message', async () => {
    const ready = await login();
    const channel = ready.channels.cache.get(videos.id);
    if (!channel?.isSendable()) throw new Error('expected a sendable channel');
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('page:2').setLabel('Next').setStyle(ButtonStyle.Primary),
    );
    const posted = await channel.send({ content: 'Page 1', components: [row] });

    const received = nextInteraction(ready);
    const handle = fake.button({
      userId: alice.id,
      channelId: videos.id,
      customId: 'page:2',
      messageId: posted.id,
    });
    const interaction = await received;
    if (!interaction.isButton()) throw new Error('expected a button');

    expect(interaction.customId).toBe('page:2');
    expect(interaction.message.id).toBe(posted.id);
    await interaction.update({ content: 'Page 2', components: [] });

    const callback = await handle.callback();
    expect(callback.type).toBe(7);
    expect(callback.messageId).toBe(posted.id);
    expect(fake.message(posted.id)?.content).toBe('Page 2');
    expect(fake.message(posted.id)?.components).toEqual([]);
    expect(() =>
      fake.button({ userId: alice.id, channelId: videos.id, customId: 'page:3', messageId: posted.id }),
    ).toThrow('no enabled component with custom_id "page:3"');
  });

  test('autocomplete gets its choices', async () => {
    const ready = await login();
    const received = nextInteraction(ready);
    const handle = fake.autocomplete({
      userId: alice.id,
      channelId: videos.id,
      name: 'folder',
      options: { folder_id: 'hol', recent: true },
      focused: 'folder_id',
    });
    const interaction = await received;
    if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');

    expect(interaction.options.getFocused()).toBe('hol');
    expect(interaction.options.getBoolean('recent')).toBe(true);
    await interaction.respond([{ name: 'Holiday', value: '42' }]);

    const callback = await handle.callback();
    expect(callback.type).toBe(8);
    expect(callback.data.choices).toEqual([{ name: 'Holiday', value: '42' }]);
  });

  test('message command resolves the target message', async () => {
    const ready = await login();
    const clip = fake.createAttachment({ filename: 'trip.webm', generatedSize: 4096 });
    const posted = fake.postUserMessage(videos.id, {
      authorId: alice.id,
      content: 'look',
      attachments: [clip],
    });

    const received = nextInteraction(ready);
    fake.messageCommand({
      userId: alice.id,
      channelId: videos.id,
      name: 'Upload to host',
      messageId: posted.id,
    });
    const interaction = await received;
    if (!interaction.isMessageContextMenuCommand()) throw new Error('expected a message command');

    const target = interaction.targetMessage.attachments.first();
    expect(interaction.targetId).toBe(posted.id);
    expect(target?.url).toContain(`/attachments/${videos.id}/${clip.id}/trip.webm?ex=`);
    expect(target?.size).toBe(4096);
    expect(target?.contentType).toBe('video/webm');
  });

  test('user command and DM slash command', async () => {
    const ready = await login();
    const dm = fake.createDmChannel(alice.id);

    const received = nextInteraction(ready);
    fake.userCommand({ userId: alice.id, channelId: videos.id, name: 'Watches', targetUserId: alice.id });
    const userCommand = await received;
    if (!userCommand.isUserContextMenuCommand()) throw new Error('expected a user command');
    expect(userCommand.targetUser.id).toBe(alice.id);
    expect(userCommand.commandName).toBe('Watches');

    const receivedDm = nextInteraction(ready);
    fake.slashCommand({ userId: alice.id, channelId: dm.id, name: 'account' });
    const inDm = await receivedDm;
    expect(inDm.guildId).toBeNull();
    expect(inDm.user.id).toBe(alice.id);
    expect(inDm.channelId).toBe(dm.id);
    // Without the Channel partial discord.js caches no DM channel from an interaction, as with Discord.
    expect(inDm.channel).toBeNull();
  });

  test('reply with a file, fetched response, edit with a file and delete', async () => {
    const ready = await login();
    const received = nextInteraction(ready);
    const handle = fake.slashCommand({ userId: alice.id, channelId: videos.id, name: 'splash' });
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');

    const response = await interaction.reply({
      content: 'Splash',
      files: [{ attachment: Buffer.from('jpeg one'), name: 'splash.jpg' }],
      withResponse: true,
    });
    const callback = await handle.callback();
    expect(fake.requests.at(-1)?.query).toEqual({ with_response: 'true' });
    expect(callback.files.map((file) => [file.filename, file.data.toString()])).toEqual([
      ['splash.jpg', 'jpeg one'],
    ]);
    expect(response.resource?.message?.attachments.first()?.name).toBe('splash.jpg');
    expect(response.interaction.responseMessageId).toBe(handle.original()?.id);

    await interaction.editReply({
      files: [{ attachment: Buffer.from('jpeg two'), name: 'splash2.jpg' }],
      attachments: [],
    });
    const edit = await handle.waitFor((entry) => entry.kind === 'original-edit');
    expect(edit.files.map((file) => file.data.toString())).toEqual(['jpeg two']);
    expect(handle.original()?.attachments.map((attachment) => attachment.filename)).toEqual(['splash2.jpg']);
    expect(await fake.attachmentBytes(handle.original()?.attachments[0]?.id ?? '')).toEqual(
      Buffer.from('jpeg two'),
    );

    await interaction.deleteReply();
    expect(handle.responses().map((entry) => entry.kind)).toEqual([
      'callback',
      'original-edit',
      'original-delete',
    ]);
    expect(handle.original()).toBeUndefined();
    expect(fake.channelMessages(videos.id)).toEqual([]);
  });

  test('callback for an unknown interaction gets 10062', async () => {
    const ready = await login();

    const error = await ready.rest
      .post(Routes.interactionCallback('1', 'not-a-token'), { body: { type: 1 }, auth: false })
      .catch((caught: unknown) => caught);

    expect((error as DiscordAPIError).code).toBe(10062);
    expect((error as DiscordAPIError).message).toBe('Unknown interaction');
  });

  test('waitForMessage sees a later channel message', async () => {
    const ready = await login();
    const channel = ready.channels.cache.get(videos.id) as TextChannel;
    const waiting = fake.waitForMessage(videos.id, (message) => message.content.startsWith('Encoded'), 2000);

    await channel.send('Queued');
    await channel.send('Encoded: clip.mp4');
    const found = await waiting;

    expect(found.content).toBe('Encoded: clip.mp4');
    await expect(
      fake.waitForMessage(videos.id, (message) => message.content === 'never', 50),
    ).rejects.toThrow(`No message in channel ${videos.id} matched within 50 ms`);
  });

  test('second callback gets 40060', async () => {
    const ready = await login();
    const received = nextInteraction(ready);
    fake.slashCommand({ userId: alice.id, channelId: videos.id, name: 'account' });
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');

    await interaction.reply('first');
    const error = await ready.rest
      .post(Routes.interactionCallback(interaction.id, interaction.token), {
        body: { type: 4, data: { content: 'second' } },
        auth: false,
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(40060);
    expect((error as DiscordAPIError).status).toBe(400);
    expect((error as DiscordAPIError).message).toBe('Interaction has already been acknowledged.');
  });

  test('callback after the acknowledge window gets 10062', async () => {
    await fake.close();
    await startFake({ acknowledgeWindowMs: 100 });
    const ready = await login();

    const received = nextInteraction(ready);
    fake.slashCommand({ userId: alice.id, channelId: videos.id, name: 'account' });
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');
    await new Promise((resolve) => setTimeout(resolve, 150));

    const error = await interaction.reply('late').catch((caught: unknown) => caught);
    expect((error as DiscordAPIError).code).toBe(10062);
    expect((error as DiscordAPIError).status).toBe(404);
  });

  test('expired token gets 50027 on edit', async () => {
    const ready = await login();
    const received = nextInteraction(ready);
    const handle = fake.slashCommand({ userId: alice.id, channelId: videos.id, name: 'account' });
    const interaction = await received;
    if (!interaction.isChatInputCommand()) throw new Error('expected a chat input command');

    await interaction.deferReply();
    handle.expireToken();
    const error = await interaction.editReply('too late').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(DiscordAPIError);
    expect((error as DiscordAPIError).code).toBe(50027);
    expect((error as DiscordAPIError).status).toBe(401);
    expect(handle.responses().map((response) => response.kind)).toEqual(['callback']);
  });

  test('registered command rules are enforced', async () => {
    const ready = await login();
    await ready.rest.put(Routes.applicationGuildCommands(fake.applicationId, guild.id), {
      body: [
        {
          name: 'file',
          description: 'Show a file',
          nsfw: true,
          options: [{ type: 3, name: 'ids', description: 'IDs', required: true }],
        },
        { name: 'settings', description: 'Server settings', default_member_permissions: '32' },
      ],
    });

    expect(() =>
      fake.slashCommand({ userId: alice.id, channelId: lounge.id, name: 'file', options: { ids: '1' } }),
    ).toThrow('age-restricted /file');
    expect(() => fake.slashCommand({ userId: alice.id, channelId: videos.id, name: 'file' })).toThrow(
      'required option "ids"',
    );
    expect(() => fake.slashCommand({ userId: alice.id, channelId: videos.id, name: 'settings' })).toThrow(
      'default_member_permissions',
    );
    expect(() =>
      fake.slashCommand({ userId: guild.ownerId, channelId: videos.id, name: 'settings' }),
    ).not.toThrow();
  });
});
