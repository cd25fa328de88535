import { createHash } from 'node:crypto';

// discord.js re-exports @discordjs/rest's REST; importing it from there keeps one copy of
// DiscordAPIError (the package's ESM build would be a second class).
import { DiscordAPIError, REST, Routes } from 'discord.js';
import type { Client, TextChannel } from 'discord.js';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';

import type { ChannelRecord, FakeDiscordOptions, GuildRecord, UserRecord } from './discord/index.js';
import { FakeDiscord } from './discord/index.js';
import { loginClient } from './discord/login-client.js';

let fake: FakeDiscord;
let client: Client<true> | undefined;
let rest: REST | undefined;
let guild: GuildRecord;
let videos: ChannelRecord;
let alice: UserRecord;

async function startFake(options: FakeDiscordOptions = {}): Promise<void> {
  fake = await FakeDiscord.start(options);
  alice = fake.createUser({ username: 'alice' });
  guild = fake.createGuild({ name: 'Video club' });
  videos = fake.createChannel(guild.id, { name: 'videos', nsfw: true });
  fake.addMember(guild.id, alice.id);
}

async function videosChannel(): Promise<TextChannel> {
  client = await loginClient(fake);
  return client.channels.cache.get(videos.id) as TextChannel;
}

/** Creates a REST client of @discordjs/rest aimed at the fake, as deploy scripts use it. */
function restClient(): REST {
  rest = new REST({ api: fake.restUrl }).setToken(fake.token);
  return rest;
}

async function caught(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );

  if (!(error instanceof DiscordAPIError)) {
    throw new Error(`Expected a DiscordAPIError, got ${String(error)}`);
  }

  return error;
}

function sha1(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}

beforeEach(async () => {
  await startFake();
});

afterEach(async () => {
  await client?.destroy();
  client = undefined;
  rest?.clearHashSweeper();
  rest?.clearHandlerSweeper();
  rest = undefined;
  expect(fake.internalErrors).toEqual([]);
  await fake.close();
});

describe('channel messages', () => {
  test('message with a file arrives as multipart', async () => {
    const channel = await videosChannel();

    const sent = await channel.send({
      content: 'Here is the splash',
      files: [{ attachment: Buffer.from('PNG bytes'), name: 'splash.png' }],
      embeds: [{ title: 'clip.mp4', image: { url: 'attachment://splash.png' } }],
    });

    const request = fake.requests.find(
      (entry) => entry.method === 'POST' && entry.route === '/channels/:channelId/messages',
    );
    expect(request?.status).toBe(200);
    expect(request?.files.map((file) => [file.field, file.filename, file.data.toString()])).toEqual([
      ['files[0]', 'splash.png', 'PNG bytes'],
    ]);
    expect((request?.json as { content?: string }).content).toBe('Here is the splash');

    const [stored] = fake.channelMessages(videos.id);
    const attachment = stored?.attachments[0];
    expect(stored?.id).toBe(sent.id);
    expect(stored?.author.id).toBe(fake.botUser.id);
    expect(attachment?.filename).toBe('splash.png');
    expect(attachment?.content_type).toBe('image/png');
    expect(stored?.embeds[0]?.image?.url).toBe(attachment?.url);
    expect(sent.attachments.first()?.url).toBe(attachment?.url);

    const download = await fetch(attachment?.url ?? '');
    expect(Buffer.from(await download.arrayBuffer()).toString()).toBe('PNG bytes');
  });

  test('DM channel opens and receives a message', async () => {
    await videosChannel();
    const user = await client!.users.fetch(alice.id);

    await user.send('Your file finished encoding');

    expect(fake.dmMessages(alice.id).map((message) => message.content)).toEqual([
      'Your file finished encoding',
    ]);
    // The user is cached from the guild's member list, so discord.js fetches nothing before the DM.
    expect(fake.requests.map((entry) => `${entry.method} ${entry.route} ${entry.status}`)).toEqual([
      'GET /gateway/bot 200',
      'POST /users/@me/channels 200',
      'POST /channels/:channelId/messages 200',
    ]);
  });

  test('DM to a user who refuses DMs gets 50007', async () => {
    const closed = fake.createUser({ username: 'closed', allowDms: false });
    await videosChannel();
    const user = await client!.users.fetch(closed.id);

    const error = await caught(user.send('hello'));

    expect(error.code).toBe(50007);
    expect(error.status).toBe(403);
    expect(fake.dmMessages(closed.id)).toEqual([]);
  });

  test('hidden channel gets 50001 and read-only channel 50013', async () => {
    const hidden = fake.createChannel(guild.id, { name: 'staff', denyBot: 'view' });
    const readOnly = fake.createChannel(guild.id, { name: 'rules', denyBot: 'send' });
    const api = restClient();

    const hiddenError = await caught(api.post(Routes.channelMessages(hidden.id), { body: { content: 'x' } }));
    const readOnlyError = await caught(
      api.post(Routes.channelMessages(readOnly.id), { body: { content: 'x' } }),
    );
    const unknownError = await caught(api.get(Routes.channel('1')));

    expect([hiddenError.status, hiddenError.code, hiddenError.message]).toEqual([
      403,
      50001,
      'Missing Access',
    ]);
    expect([readOnlyError.status, readOnlyError.code]).toEqual([403, 50013]);
    expect([unknownError.status, unknownError.code, unknownError.message]).toEqual([
      404,
      10003,
      'Unknown Channel',
    ]);
  });

  test('oversized embed gets 50035 with the field path', async () => {
    const channel = await videosChannel();

    const error = await caught(channel.send({ embeds: [{ title: 't'.repeat(257), description: 'ok' }] }));

    expect(error.code).toBe(50035);
    expect(error.rawError).toEqual({
      message: 'Invalid Form Body',
      code: 50035,
      errors: {
        embeds: {
          '0': {
            title: {
              _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 256 or fewer in length.' }],
            },
          },
        },
      },
    });
    expect(fake.channelMessages(videos.id)).toEqual([]);
  });

  test('allowed mentions decide who is pinged', async () => {
    const channel = await videosChannel();
    const bob = fake.createUser({ username: 'bob' });
    const content = `<@${alice.id}> and <@${bob.id}>`;

    await channel.send({ content, allowedMentions: { parse: [] } });
    await channel.send({ content, allowedMentions: { users: [alice.id] } });
    await channel.send({ content });

    const mentions = fake
      .channelMessages(videos.id)
      .map((message) => message.mentions.map((user) => user.id));
    expect(mentions).toEqual([[], [alice.id], [alice.id, bob.id]]);
  });

  test('fetch, edit and page messages', async () => {
    const channel = await videosChannel();
    const first = await channel.send('one');
    const second = await channel.send('two');
    const third = await channel.send('three');

    const edited = await first.edit('one, edited');
    // Without message intents no MESSAGE_UPDATE refreshes discord.js's cache, so force a fetch.
    const fetched = await channel.messages.fetch({ message: first.id, force: true });
    const before = await channel.messages.fetch({ before: third.id, limit: 1, cache: false });
    const after = await channel.messages.fetch({ after: first.id, cache: false });
    const unknown = await caught(channel.messages.fetch({ message: '1', cache: false }));

    expect(edited.content).toBe('one, edited');
    expect(fetched.content).toBe('one, edited');
    expect(fetched.editedTimestamp).not.toBeNull();
    expect([...before.keys()]).toEqual([second.id]);
    expect([...after.keys()]).toEqual([third.id, second.id]);
    expect([unknown.status, unknown.code]).toEqual([404, 10008]);
  });
});

describe('nonce and rate limits', () => {
  test('enforce_nonce returns the first message', async () => {
    const channel = await videosChannel();

    const first = await channel.send({ content: 'encoded', nonce: 'watch-1', enforceNonce: true });
    const repeat = await channel.send({ content: 'encoded again', nonce: 'watch-1', enforceNonce: true });
    const unenforced = await channel.send({ content: 'no enforcement', nonce: 'watch-1' });

    expect(repeat.id).toBe(first.id);
    expect(repeat.content).toBe('encoded');
    expect(unenforced.id).not.toBe(first.id);
    expect(fake.channelMessages(videos.id).map((message) => message.content)).toEqual([
      'encoded',
      'no enforcement',
    ]);
  });

  test('enforce_nonce window expires', async () => {
    await fake.close();
    await startFake({ nonceWindowMs: 50 });
    const channel = await videosChannel();

    const first = await channel.send({ content: 'a', nonce: 'n', enforceNonce: true });
    await new Promise((resolve) => setTimeout(resolve, 80));
    const second = await channel.send({ content: 'b', nonce: 'n', enforceNonce: true });

    expect(second.id).not.toBe(first.id);
    expect(fake.channelMessages(videos.id)).toHaveLength(2);
  });

  test('429 twice is retried and succeeds', async () => {
    const channel = await videosChannel();
    const limited: unknown[] = [];
    client!.rest.on('rateLimited', (info) => limited.push(info.retryAfter));
    fake.rateLimit('POST /channels/:channelId/messages', { times: 2, retryAfter: 0.05 });

    const sent = await channel.send('after the limit');

    const statuses = fake.requests
      .filter((entry) => entry.route === '/channels/:channelId/messages' && entry.method === 'POST')
      .map((entry) => entry.status);
    expect(statuses).toEqual([429, 429, 200]);
    expect(fake.channelMessages(videos.id).map((message) => message.id)).toEqual([sent.id]);
    expect(limited).toHaveLength(2);
  });

  test('429 carries Discord headers and body', async () => {
    fake.rateLimit(`GET /channels/${videos.id}`, { retryAfter: 2, scope: 'shared' });

    const response = await fetch(`${fake.restUrl}/v10/channels/${videos.id}`, {
      headers: { authorization: `Bot ${fake.token}` },
    });

    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('2');
    expect(response.headers.get('x-ratelimit-limit')).toBe('5');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(response.headers.get('x-ratelimit-reset-after')).toBe('2.000');
    expect(response.headers.get('x-ratelimit-scope')).toBe('shared');
    expect(response.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{32}$/);
    expect(Number(response.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(await response.json()).toEqual({
      message: 'You are being rate limited.',
      retry_after: 2,
      global: false,
    });
  });
});

describe('CDN', () => {
  test('serves bytes before expiry and 404 after, then re-signs', async () => {
    const channel = await videosChannel();
    const clip = fake.createAttachment({
      filename: 'clip.mp4',
      bytes: Buffer.from('0123456789'),
      expiresInMs: 150,
    });
    const posted = fake.postUserMessage(videos.id, { authorId: alice.id, attachments: [clip] });
    const url = posted.attachments[0]?.url ?? '';

    const fresh = await fetch(url);
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('content-type')).toBe('video/mp4');
    expect(fresh.headers.get('content-length')).toBe('10');
    expect(await fresh.text()).toBe('0123456789');

    await new Promise((resolve) => setTimeout(resolve, 200));
    const expired = await fetch(url);
    expect(expired.status).toBe(404);
    expect(await expired.text()).toBe('This content is no longer available.');

    const refetched = await channel.messages.fetch({ message: posted.id, force: true });
    const resigned = refetched.attachments.first()?.url ?? '';
    expect(resigned).not.toBe(url);
    expect(resigned.split('?')[0]).toBe(url.split('?')[0]);
    expect((await fetch(resigned)).status).toBe(200);
  });

  test('unsigned or tampered URL gets 404', async () => {
    const clip = fake.createAttachment({ filename: 'clip.mp4', bytes: Buffer.from('x') });
    const posted = fake.postUserMessage(videos.id, { authorId: alice.id, attachments: [clip] });
    const url = new URL(posted.attachments[0]?.url ?? '');

    const unsigned = await fetch(`${url.origin}${url.pathname}`);
    url.searchParams.set('hm', '00');
    const tampered = await fetch(url);

    expect(unsigned.status).toBe(404);
    expect(tampered.status).toBe(404);
  });

  test('generated body streams with declared size apart', async () => {
    const size = 8 * 1024 * 1024 + 123;
    const clip = fake.createAttachment({ filename: 'big.mkv', generatedSize: size, size: 1000, seed: 'big' });
    const posted = fake.postUserMessage(videos.id, { authorId: alice.id, attachments: [clip] });

    const response = await fetch(posted.attachments[0]?.url ?? '');
    const body = Buffer.from(await response.arrayBuffer());
    const expected = Buffer.concat(await clip.open().toArray());

    expect(posted.attachments[0]?.size).toBe(1000);
    expect(response.headers.get('content-length')).toBe(String(size));
    expect(response.headers.get('content-type')).toBe('video/x-matroska');
    expect(body.length).toBe(size);
    expect(sha1(body)).toBe(sha1(expected));
    expect(body.subarray(0, 65_536).equals(body.subarray(65_536, 131_072))).toBe(false);
  });

  test('body without content-length is sent chunked', async () => {
    const clip = fake.createAttachment({
      filename: 'a.bin',
      bytes: Buffer.alloc(100, 7),
      sendContentLength: false,
    });
    const posted = fake.postUserMessage(videos.id, { authorId: alice.id, attachments: [clip] });

    const response = await fetch(posted.attachments[0]?.url ?? '');

    expect(response.headers.get('content-length')).toBeNull();
    expect(response.headers.get('transfer-encoding')).toBe('chunked');
    expect(Buffer.from(await response.arrayBuffer()).equals(Buffer.alloc(100, 7))).toBe(true);
  });

  test('CDN serves a file path source', async () => {
    const path = new URL(import.meta.url).pathname;
    const clip = fake.createAttachment({ filename: 'source.ts', path, contentType: 'text/plain' });
    const posted = fake.postUserMessage(videos.id, { authorId: alice.id, attachments: [clip] });

    const response = await fetch(posted.attachments[0]?.url ?? '');
    const text = await response.text();

    expect(text).toContain('CDN serves a file path source');
    expect(Number(response.headers.get('content-length'))).toBe(Buffer.byteLength(text));
    expect(fake.cdnRequests.map((entry) => [entry.status, entry.attachmentId])).toEqual([[200, clip.id]]);
  });

  test('client that stops reading does not break the server', async () => {
    const clip = fake.createAttachment({ filename: 'huge.mp4', generatedSize: 1024 * 1024 * 1024 });
    const posted = fake.postUserMessage(videos.id, { authorId: alice.id, attachments: [clip] });
    const controller = new AbortController();

    const response = await fetch(posted.attachments[0]?.url ?? '', { signal: controller.signal });
    const first = await response.body?.getReader().read();
    controller.abort();

    expect(first?.value?.length).toBeGreaterThan(0);
    expect(response.headers.get('content-length')).toBe(String(1024 * 1024 * 1024));
    expect((await fetch(posted.attachments[0]?.url ?? '', { method: 'HEAD' })).status).toBe(200);
  });
});

describe('commands and routes', () => {
  test('guild and global commands round-trip through REST', async () => {
    const api = restClient();
    const definitions = [
      {
        name: 'upload',
        description: 'Upload a video',
        options: [{ type: 11, name: 'file', description: 'Video', required: true }],
      },
      { name: 'Upload to host', type: 3 },
    ];

    const guildResult = (await api.put(Routes.applicationGuildCommands(fake.applicationId, guild.id), {
      body: definitions,
    })) as { id: string; name: string; guild_id?: string; description: string }[];
    const globalResult = (await api.put(Routes.applicationCommands(fake.applicationId), {
      body: [definitions[0]],
    })) as { id: string }[];
    const listed = (await api.get(Routes.applicationGuildCommands(fake.applicationId, guild.id))) as {
      id: string;
    }[];
    const again = (await api.put(Routes.applicationGuildCommands(fake.applicationId, guild.id), {
      body: definitions,
    })) as { id: string }[];

    expect(guildResult.map((command) => [command.name, command.guild_id, command.description])).toEqual([
      ['upload', guild.id, 'Upload a video'],
      ['Upload to host', guild.id, ''],
    ]);
    expect(listed.map((command) => command.id)).toEqual(guildResult.map((command) => command.id));
    expect(again.map((command) => command.id)).toEqual(guildResult.map((command) => command.id));
    expect(fake.registeredCommands(guild.id).map((command) => command.name)).toEqual([
      'upload',
      'Upload to host',
    ]);
    expect(fake.registeredCommands().map((command) => command.id)).toEqual(
      globalResult.map((command) => command.id),
    );
    expect(fake.requests.every((entry) => entry.status === 200)).toBe(true);
  });

  test('invalid command name gets 50035', async () => {
    const api = restClient();

    const error = await caught(
      api.put(Routes.applicationCommands(fake.applicationId), {
        body: [{ name: 'Upload', description: 'x' }],
      }),
    );

    expect(error.code).toBe(50035);
    expect(error.rawError).toEqual({
      message: 'Invalid Form Body',
      code: 50035,
      errors: {
        '0': {
          name: {
            _errors: [
              { code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name must be lowercase' },
            ],
          },
        },
      },
    });
    expect(fake.registeredCommands()).toEqual([]);
  });

  test('unknown route answers 404 like Discord', async () => {
    const response = await fetch(`${fake.restUrl}/v10/no/such/route`, {
      headers: { authorization: `Bot ${fake.token}` },
    });

    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: '404: Not Found', code: 0 });
    expect(fake.requests.map((entry) => [entry.method, entry.path, entry.route, entry.status])).toEqual([
      ['GET', '/no/such/route', undefined, 404],
    ]);
  });

  test('missing bot token gets 401', async () => {
    const response = await fetch(`${fake.restUrl}/v10/users/@me`);

    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ message: '401: Unauthorized', code: 0 });
  });

  test('users/@me returns the bot user', async () => {
    const me = (await restClient().get(Routes.user('@me'))) as { id: string; bot: boolean; username: string };

    expect(me.id).toBe(fake.botUser.id);
    expect(me.bot).toBe(true);
    expect(me.username).toBe('Fake Bot');
  });
});
