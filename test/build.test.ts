import { createHash } from 'node:crypto';
import { readFile, readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBot } from '../scripts/build.js';
import type { FakeAccount } from './fakes/host/fake-host.js';
import { BotHarness } from './support/bot-harness.js';
import { BotProcess } from './support/bot-process.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FIXTURE = path.join(ROOT, 'test/fixtures/testsrc-640x360.mp4');

/**
 * Inside the project, so the bundle finds the external sqlite3 in `node_modules/`. Two levels
 * down, so a build that looked for `commands/` from the wrong module would not find `dist/`'s.
 */
const BUILD_DIR = 'dist/test-build/bot';

/** Returns the start script's command with the test's build in place of `dist/src/index.js`. */
async function startCommand(): Promise<string[]> {
  const manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const [program, ...args] = manifest.scripts.start.split(/\s+/);
  expect(program).toBe('node');
  expect(args.at(-1)).toBe('dist/src/index.js');

  return [process.execPath, ...args.slice(0, -1), `${BUILD_DIR}/src/index.js`];
}

/**
 * The bundle `npm run build` makes, run with the start script's flags against
 * the fakes: the command modules, SQLite, the host client and a relay must all
 * work from the build as they do from the sources.
 */
describe('the bundled bot', () => {
  let harness: BotHarness;
  let account: FakeAccount;
  let bot: BotProcess | undefined;
  let leftOut: string[];

  beforeAll(async () => {
    leftOut = await buildBot(BUILD_DIR);

    harness = await BotHarness.start({ env: { RELAY_PROGRESS_INTERVAL_MS: '1000' } });
    account = harness.host.addAccount({ key: 'Bundle_Key-90817' });
    await harness.linkAccount(harness.alice, account);
    // The in-process bot only linked the account; the bundle in its own process does the rest.
    await harness.bot.stop();

    bot = await BotProcess.start(harness.environment(), 20_000, await startCommand());
  }, 60_000);

  afterAll(async () => {
    await bot?.kill();
    await harness.close();
    await rm(path.join(ROOT, path.dirname(BUILD_DIR)), { recursive: true, force: true });
    // rmdir fails on a folder that is not empty, so this removes `dist/` only where the test made it.
    await rmdir(path.join(ROOT, 'dist')).catch(() => undefined);
  });

  it('emits one module per command', async () => {
    const sources = (await readdir(path.join(ROOT, 'commands'))).filter((name) => name.endsWith('.ts'));
    const built = (await readdir(path.join(ROOT, BUILD_DIR, 'commands'))).filter((name) =>
      name.endsWith('.js'),
    );

    expect(built.sort()).toEqual(sources.map((name) => name.replace(/\.ts$/, '.js')).sort());
  });

  it('bundles one copy of undici 6', () => {
    // discord.js and @discordjs/rest each get their own copy of the same undici version.
    expect(leftOut).toContain('discord.js/node_modules/undici');
  });

  it('answers /account from the stored key', async () => {
    const command = harness.discord.slashCommand({
      userId: harness.alice,
      channelId: harness.plainChannelId,
      name: 'account',
    });
    const reply = await command.waitFor((response) => response.kind === 'original-edit');

    expect(JSON.stringify(reply.data.embeds)).toContain(account.userId);
  });

  it('relays an attachment', async () => {
    const bytes = await readFile(FIXTURE);
    const attachment = harness.discord.createAttachment({ filename: 'built.mp4', path: FIXTURE });

    const command = harness.discord.slashCommand({
      userId: harness.alice,
      channelId: harness.adultChannelId,
      name: 'upload',
      attachments: { file: attachment },
    });
    const done = await command.waitFor(
      (response) => /^Uploaded built\.mp4/.test(String(response.data.content)),
      15_000,
    );

    const [upload] = harness.host.uploads();
    expect(upload?.sha1).toBe(createHash('sha1').update(bytes).digest('hex'));
    expect(done.data.content).toContain(`as file \`${upload?.fileId}\``);
  });

  it('keeps the API key out of its log', () => {
    const log = JSON.stringify(bot?.records) + (bot?.stderr.join('') ?? '');

    expect(bot?.records.length).toBeGreaterThan(0);
    expect(log).not.toContain(account.key);
  });
});
