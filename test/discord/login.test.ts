import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeAccount } from '../fakes/host/fake-host.js';
import { BotHarness } from '../support/bot-harness.js';

const EPHEMERAL = 64;

describe('/login, /logout and /account', () => {
  let harness: BotHarness;
  let account: FakeAccount;

  beforeEach(async () => {
    harness = await BotHarness.start();
    account = harness.host.addAccount({ email: 'member@example.org', key: 'Distinct_Key-4711' });
  });

  afterEach(async () => {
    await harness.close();
  });

  function run(name: string, userId = harness.alice) {
    return harness.discord.slashCommand({ userId, channelId: harness.plainChannelId, name });
  }

  function submitLogin(fields: Record<string, string>, userId = harness.alice) {
    return harness.discord.modalSubmit({
      userId,
      channelId: harness.plainChannelId,
      customId: 'login',
      fields,
    });
  }

  it('opens a modal with login and key fields', async () => {
    const callback = await run('login').callback();

    expect(callback.type).toBe(9);
    expect(callback.data.custom_id).toBe('login');
    expect(JSON.stringify(callback.data.components)).toContain('"custom_id":"key"');
  });

  it('links an accepted account and answers ephemerally', async () => {
    const submit = submitLogin({ login: account.login, key: account.key });

    const callback = await submit.callback();
    expect(callback.type).toBe(5);
    expect(callback.flags & EPHEMERAL).toBe(EPHEMERAL);

    const edit = await submit.waitFor((response) => response.kind === 'original-edit');
    const embed = (edit.data.embeds as Array<{ fields: Array<{ name: string; value: string }> }>)[0];
    expect(embed?.fields).toContainEqual({ name: 'User ID', value: account.userId, inline: true });
    expect(embed?.fields).toContainEqual({ name: 'E-mail', value: 'm•••r@example.org', inline: true });
    expect(await harness.bot.context.credentials.hostUserIdOf(harness.alice)).toBe(account.userId);
  });

  it('stores nothing when the host rejects the key', async () => {
    const submit = submitLogin({ login: account.login, key: 'wrong-key' });

    const edit = await submit.waitFor((response) => response.kind === 'original-edit');
    expect(edit.data.content).toMatch(/^The host rejected this API login and key, so nothing was saved\./);
    expect(await harness.bot.context.credentials.get(harness.alice)).toBeUndefined();
  });

  it.each([
    ['empty', { login: '', key: '' }, /^Both the API login and the API key are required/],
    ['whitespace-only', { login: '   ', key: '\t' }, /^Both the API login and the API key are required/],
    ['oversized', { login: 'a'.repeat(65), key: 'b' }, /^The API login may have at most 64 characters/],
    ['spaced', { login: 'abc def', key: 'k' }, /cannot contain spaces/],
  ])('rejects %s modal fields without asking the host', async (_case, fields, message) => {
    const before = harness.host.requests.length;

    const edit = await submitLogin(fields).waitFor((response) => response.kind === 'original-edit');

    expect(edit.data.content).toMatch(message);
    expect(harness.host.requests.length).toBe(before);
  });

  it('tells the user when the host is down during /login', async () => {
    harness.host.fail('account/info', { kind: 'html', httpStatus: 502 }, 10);

    const edit = await submitLogin({ login: account.login, key: account.key }).waitFor(
      (response) => response.kind === 'original-edit',
    );

    expect(edit.data.content).toMatch(/host/i);
    expect(edit.data.content).toMatch(/try again/i);
    expect(await harness.bot.context.credentials.get(harness.alice)).toBeUndefined();
  });

  it('shows the linked account with /account and only to its owner', async () => {
    await harness.linkAccount(harness.alice, account);

    const mine = await run('account').waitFor((response) => response.kind === 'original-edit');
    expect(JSON.stringify(mine.data.embeds)).toContain(account.userId);

    const theirs = await run('account', harness.bob).waitFor((response) => response.kind === 'original-edit');
    expect(theirs.data.content).toMatch(/^You have not linked a video host account yet\. Run \/login/);
    expect(JSON.stringify(theirs.data)).not.toContain(account.userId);
  });

  it('escapes the host message in an error reply', async () => {
    await harness.linkAccount(harness.alice, account);
    harness.host.fail('account/info', {
      kind: 'envelope',
      httpStatus: 200,
      status: 400,
      msg: '**bad** @everyone',
    });

    const edit = await run('account').waitFor((response) => response.kind === 'original-edit');

    expect(edit.data.content).toBe('The host rejected the request: \\*\\*bad\\*\\* @\u200beveryone');
  });

  it('unlinks with /logout', async () => {
    await harness.linkAccount(harness.alice, account);

    const edit = await run('logout').waitFor((response) => response.kind === 'original-edit');

    expect(edit.data.content).toMatch(/^Your video host account is unlinked/);
    expect(await harness.bot.context.credentials.get(harness.alice)).toBeUndefined();
  });

  it('keeps the key and login out of the database file and the log', async () => {
    await harness.linkAccount(harness.alice, account);
    await run('account').waitFor((response) => response.kind === 'original-edit');
    await harness.bot.stop();

    const bytes = await readFile(path.join(harness.dataDir, 'bot.sqlite'));
    expect(bytes.includes(Buffer.from(account.key))).toBe(false);
    expect(bytes.includes(Buffer.from(account.login))).toBe(false);
    expect(harness.logs.text()).not.toContain(account.key);
    expect(harness.logs.text()).not.toContain(account.login);
    await harness.startBot();
  });

  it('keeps credentials across a restart', async () => {
    await harness.linkAccount(harness.alice, account);

    await harness.restart();

    const edit = await run('account').waitFor((response) => response.kind === 'original-edit');
    expect(JSON.stringify(edit.data.embeds)).toContain(account.userId);
  });
});
