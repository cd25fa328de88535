import { afterEach, describe, expect, it } from 'vitest';
import type { FakeAccount } from '../fakes/host/fake-host.js';
import { BotHarness } from '../support/bot-harness.js';
import { BotProcess } from '../support/bot-process.js';
import { HoldingProxy } from '../support/holding-proxy.js';
import {
  FAST_WATCH_ENV,
  messagePosts,
  notices,
  readWatch,
  runWatch,
  sleep,
  waitForNotice,
  writeWatch,
} from './support.js';

const MESSAGE_POST = /^\/api\/v10\/channels\/\d+\/messages$/;

/**
 * The bot as a real process, killed with SIGKILL: no shutdown code runs, so
 * only what the SQLite file contains survives into the next process.
 */
describe('watches across SIGKILL', () => {
  let harness: BotHarness;
  let account: FakeAccount;
  const processes: BotProcess[] = [];
  let proxy: HoldingProxy | undefined;

  async function start(encodingDurationMs: number, nonceWindowMs?: number): Promise<void> {
    harness = await BotHarness.start({
      host: { encodingDurationMs },
      discord: nonceWindowMs === undefined ? {} : { nonceWindowMs },
      env: FAST_WATCH_ENV,
    });
    account = harness.host.addAccount();
    await harness.linkAccount(harness.alice, account);
    // The in-process bot only linked the account; the child processes do the rest.
    await harness.bot.stop();
  }

  async function spawnBot(env: Record<string, string> = {}): Promise<BotProcess> {
    const bot = await BotProcess.start({ ...harness.environment(), ...env });
    processes.push(bot);
    return bot;
  }

  afterEach(async () => {
    for (const bot of processes.splice(0)) await bot.kill();
    await proxy?.close();
    proxy = undefined;
    await harness.close();
  });

  it('resumes a watch killed while polling', async () => {
    await start(800);
    const fileId = harness.host.addFile(account.login, { name: 'killed.mp4', encoded: false });
    const first = await spawnBot();

    await runWatch(harness, fileId);
    // Killed right after a poll's requests, possibly before its result was stored.
    await first.waitForLog((record) => record.msg === 'watches polled');
    await first.kill();
    const polled = await readWatch(harness.dataDir, fileId, harness.alice);
    expect(polled?.finished).toBeNull();
    expect(notices(harness, harness.adultChannelId)).toEqual([]);

    const second = await spawnBot();
    const notice = await waitForNotice(harness, harness.adultChannelId, 15_000);
    await second.waitForLog((record) => record.msg === 'watch notice sent');
    await sleep(500);

    expect(notices(harness, harness.adultChannelId)).toEqual([notice]);
    expect(second.records.find((record) => record.msg === 'watches resumed')).toMatchObject({ open: 1 });
    const stored = await readWatch(harness.dataDir, fileId, harness.alice);
    expect(stored?.notice).toMatchObject({ state: 'sent', messageId: notice.id });
    expect(stored?.attempts).toBeGreaterThan(polled?.attempts ?? 0);
    expect(JSON.stringify([...first.records, ...second.records])).not.toContain(account.key);
  });

  /** Runs /watch in a bot whose notice request reaches Discord but whose response never comes back, then kills it. */
  async function killMidSend(fileId: string) {
    proxy = await HoldingProxy.start(
      harness.discord.origin,
      (method, path) => method === 'POST' && MESSAGE_POST.test(path),
    );
    const first = await spawnBot({ DISCORD_REST_URL: `${proxy.origin}/api` });

    await runWatch(harness, fileId);
    const held = await proxy.nextHeld();
    await first.kill();

    // Discord made the message, but the bot died before it could record it.
    expect(held.status).toBe(200);
    const [message] = notices(harness, harness.adultChannelId);
    const interrupted = await readWatch(harness.dataDir, fileId, harness.alice);
    expect(interrupted?.notice.state).toBe('sending');
    if (message === undefined || interrupted === undefined) throw new Error('no notice or no record');
    return { message, interrupted };
  }

  it('sends one notice when killed mid-send', async () => {
    await start(100);
    const fileId = harness.host.addFile(account.login, {
      name: 'in-flight.mp4',
      encoded: false,
      height: 360,
    });
    const { message, interrupted } = await killMidSend(fileId);

    const second = await spawnBot();
    await second.waitForLog((record) => record.msg === 'watch notice sent');

    expect(notices(harness, harness.adultChannelId).map((notice) => notice.id)).toEqual([message?.id]);
    const posts = messagePosts(harness, harness.adultChannelId);
    expect(posts.map((post) => (post.json as { nonce?: string }).nonce)).toEqual([
      interrupted?.nonce,
      interrupted?.nonce,
    ]);
    const stored = await readWatch(harness.dataDir, fileId, harness.alice);
    expect(stored?.notice).toMatchObject({ state: 'sent', messageId: message?.id });
  });

  it('finds the notice of a send killed long ago', async () => {
    // The fake keeps nonces for 100 ms only, so only the search can prevent a second message.
    await start(100, 100);
    const fileId = harness.host.addFile(account.login, { name: 'long-ago.mp4', encoded: false, height: 360 });
    const { message, interrupted } = await killMidSend(fileId);
    if (interrupted.notice.state !== 'sending') throw new Error('not sending');
    await writeWatch(harness.dataDir, {
      ...interrupted,
      notice: { ...interrupted.notice, startedAt: interrupted.notice.startedAt - 10 * 60_000 },
    });
    await sleep(200);

    const second = await spawnBot();
    const sent = await second.waitForLog((record) => record.msg === 'watch notice sent');

    expect(sent).toMatchObject({ fileId, messageId: message.id, via: 'search' });
    expect(notices(harness, harness.adultChannelId).map((notice) => notice.id)).toEqual([message.id]);
    expect(messagePosts(harness, harness.adultChannelId)).toHaveLength(1);
  });
});
