import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import sqlite3 from 'sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { commandDefinitions } from '../../commands/definitions/index.js';
import { BotHarness } from '../support/bot-harness.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OTHER_KEY = Buffer.alloc(32, 43).toString('base64');

describe('bot core', () => {
  let harness: BotHarness | undefined;

  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  it('answers an unknown command and keeps running', async () => {
    harness = await BotHarness.start();

    const unknown = harness.discord.slashCommand({
      userId: harness.alice,
      channelId: harness.plainChannelId,
      name: 'vanished',
    });
    const callback = await unknown.callback();
    expect(callback.type).toBe(4);
    expect(callback.ephemeral).toBe(true);
    expect(callback.data.content).toMatch(/^This bot has no command named "vanished"/);

    const logout = harness.discord.slashCommand({
      userId: harness.alice,
      channelId: harness.plainChannelId,
      name: 'logout',
    });
    expect((await logout.waitFor((response) => response.kind === 'original-edit')).data.content).toMatch(
      /nothing to delete/,
    );
  });

  it('answers a throwing handler with a reference and logs it redacted', async () => {
    const commandsDir = fileURLToPath(new URL('../fixtures/commands/throwing/', import.meta.url));
    harness = await BotHarness.start({ start: { commandsDir } });

    const boom = harness.discord.slashCommand({
      userId: harness.alice,
      channelId: harness.plainChannelId,
      name: 'boom',
    });
    const edit = await boom.waitFor((response) => response.kind === 'original-edit');

    const reference = /reference: ([A-Z2-9]{8})$/.exec(String(edit.data.content))?.[1];
    expect(reference).toBeDefined();
    const [logged] = harness.logs.records('interaction failed');
    expect(logged?.reference).toBe(reference);
    expect(logged?.command).toBe('boom');
    expect(JSON.stringify(logged)).toContain('exploded while calling');
    expect(harness.logs.text()).not.toContain('S3CRET');
    expect(harness.logs.text()).not.toContain('L0GIN');
    expect(harness.bot.client.isReady()).toBe(true);
  });

  it('defers before a slow store answers', async () => {
    harness = await BotHarness.start();
    const account = harness.host.addAccount();
    await harness.linkAccount(harness.alice, account);

    const lock = await holdExclusiveLock(path.join(harness.dataDir, 'bot.sqlite'));
    const command = harness.discord.slashCommand({
      userId: harness.alice,
      channelId: harness.plainChannelId,
      name: 'account',
    });
    const callback = await command.callback();
    const releasedAt = Date.now();
    await lock.release();

    const edit = await command.waitFor((response) => response.kind === 'original-edit', 10_000);
    expect(callback.type).toBe(5);
    expect(callback.at).toBeLessThanOrEqual(releasedAt);
    expect(edit.at).toBeGreaterThanOrEqual(releasedAt);
    expect(JSON.stringify(edit.data.embeds)).toContain(account.userId);
  });

  it('opens credentials sealed before a key rotation', async () => {
    harness = await BotHarness.start();
    const account = harness.host.addAccount();
    await harness.linkAccount(harness.alice, account);
    const oldKey = harness.config.credentials.currentKey.toString('base64');

    await harness.restart({ CREDENTIALS_KEY: OTHER_KEY, CREDENTIALS_OLD_KEYS: oldKey });
    const rotated = harness.discord.slashCommand({
      userId: harness.alice,
      channelId: harness.plainChannelId,
      name: 'account',
    });
    expect(JSON.stringify((await rotated.waitFor((r) => r.kind === 'original-edit')).data.embeds)).toContain(
      account.userId,
    );

    // The read re-sealed the record, so the old key is no longer needed.
    await harness.restart({ CREDENTIALS_KEY: OTHER_KEY });
    const after = harness.discord.slashCommand({
      userId: harness.alice,
      channelId: harness.plainChannelId,
      name: 'account',
    });
    expect(JSON.stringify((await after.waitFor((r) => r.kind === 'original-edit')).data.embeds)).toContain(
      account.userId,
    );
  });

  it('resumes after the gateway connection drops', async () => {
    harness = await BotHarness.start();
    const resumed = new Promise((resolve) => harness?.bot.client.once('shardResume', resolve));

    harness.discord.dropGateway(4000);
    await resumed;

    expect(harness.discord.gatewayStats.resumes).toBe(1);
    expect(harness.discord.gatewayStats.identifies).toBe(1);
    const logout = harness.discord.slashCommand({
      userId: harness.alice,
      channelId: harness.plainChannelId,
      name: 'logout',
    });
    expect((await logout.callback()).type).toBe(5);
  });

  it('registers every command with deploy-commands', async () => {
    harness = await BotHarness.start();
    const env = { ...process.env, ...harness.environment(), DISCORD_DEV_GUILD_ID: harness.guildId };

    const guild = await run('npx', ['tsx', 'deploy-commands.ts'], { cwd: ROOT, env });
    expect(guild.stdout).toContain(
      `Registered ${commandDefinitions.length} commands in guild ${harness.guildId}`,
    );

    const { DISCORD_DEV_GUILD_ID: _guildId, ...globalEnv } = env;
    await run('npx', ['tsx', 'deploy-commands.ts'], { cwd: ROOT, env: globalEnv });

    const wrongToken = await run('npx', ['tsx', 'deploy-commands.ts'], {
      cwd: ROOT,
      env: { ...globalEnv, DISCORD_TOKEN: 'wrong.token.value' },
    }).catch((error: { stderr: string }) => error);
    expect('stderr' in wrongToken ? wrongToken.stderr : '').toContain(
      'Registration failed. Discord rejected DISCORD_TOKEN (401 Unauthorized).',
    );

    const names = commandDefinitions.map((definition) => definition.name).sort();
    expect(
      harness.discord
        .registeredCommands(harness.guildId)
        .map((command) => command.name)
        .sort(),
    ).toEqual(names);
    expect(
      harness.discord
        .registeredCommands()
        .map((command) => command.name)
        .sort(),
    ).toEqual(names);
  });
});

/** Holds SQLite's exclusive lock on `file` from another connection, so the bot's store waits. */
async function holdExclusiveLock(file: string): Promise<{ release(): Promise<void> }> {
  const db = new sqlite3.Database(file);
  const exec = (sql: string) =>
    new Promise<void>((resolve, reject) => db.exec(sql, (error) => (error ? reject(error) : resolve())));
  await exec('BEGIN EXCLUSIVE');

  return {
    async release() {
      // Keep the lock long enough for the bot to have tried and waited.
      await new Promise((resolve) => setTimeout(resolve, 300));
      await exec('COMMIT');
      await new Promise<void>((resolve, reject) => db.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
