import { afterEach, describe, expect, it } from 'vitest';
import { CredentialStore } from '../../src/store/credential-store.js';
import { SecretCredentials } from '../../src/store/secret-credentials.js';
import { openKeyvTable } from '../../src/store/open-keyv.js';
import { SealedBox } from '../../src/store/sealed-box.js';
import { noticeNonce, type Watch } from '../../src/watch/watch-record.js';
import type { RecordedRequest } from '../fakes/host/fake-host.js';
import { BotHarness, TEST_CREDENTIALS_KEY } from '../support/bot-harness.js';
import { sleep, writeWatch } from './support.js';

const PER_MINUTE = 120;
/** The limiter's default burst: ten seconds' worth. */
const BURST = PER_MINUTE / 6;
const WATCHER_ENDPOINTS = new Set(['file/info', 'file/converts', 'file/getsplash']);

describe('watches resumed at start-up', () => {
  let harness: BotHarness;

  afterEach(async () => {
    await harness.close();
  });

  it('keep 200 overdue watches within the rate limit', async () => {
    harness = await BotHarness.start({
      host: { encodingDurationMs: 600_000 },
      env: {
        WATCH_POLL_MIN_SECONDS: '2',
        WATCH_POLL_MAX_SECONDS: '10',
        WATCH_REQUESTS_PER_MINUTE: String(PER_MINUTE),
        WATCH_CONCURRENCY: '4',
      },
    });
    await harness.bot.stop();

    // Two members with 80 watches each, and 40 members with one each: 200 watches, all overdue.
    const heavy = [harness.alice, harness.bob].map((userId) => ({ userId, files: 80 }));
    const light = Array.from({ length: 40 }, (_, index) => ({
      userId: String(900_000_000_000_000_000n + BigInt(index)),
      files: 1,
    }));
    const logins = new Map<string, string>();
    await stageWatches([...heavy, ...light], logins);

    const startedAt = Date.now();
    await harness.startBot();
    await waitUntil(
      () => light.every(({ userId }) => firstRequestOf(logins.get(userId) ?? '', startedAt) !== undefined),
      8000,
    );
    await sleep(1000);
    await harness.bot.stop();
    const elapsedMs = Date.now() - startedAt;

    const requests = harness.host.requests.filter(
      (request) => request.at >= startedAt && WATCHER_ENDPOINTS.has(request.endpoint),
    );
    for (const login of logins.values()) {
      expectWithinBucket(requests.filter((request) => request.query.login === login));
    }

    for (const { userId } of heavy) {
      const count = requests.filter((request) => request.query.login === logins.get(userId)).length;
      expect(count).toBeGreaterThanOrEqual(BURST);
      expect(count).toBeLessThanOrEqual(BURST + (elapsedMs * PER_MINUTE) / 60_000 + 1);
    }

    // The 40 single watches were spread over the start-up window, not fired in one second.
    const firsts = light.map(({ userId }) => firstRequestOf(logins.get(userId) ?? '', startedAt)?.at ?? 0);
    expect(Math.max(...firsts) - Math.min(...firsts)).toBeGreaterThan(1000);

    // The service's own counter saw every request the host saw.
    const counts = harness.bot.context.watches.requestCounts;
    expect(counts.total).toBe(requests.length);
    expect(counts.fileInfo).toBe(requests.filter((request) => request.endpoint === 'file/info').length);
    expect(counts.converts).toBe(requests.filter((request) => request.endpoint === 'file/converts').length);
    await harness.startBot();
  });

  /** Links each member to a new host account holding `files` encoding files, each with an overdue watch. */
  async function stageWatches(
    members: Array<{ userId: string; files: number }>,
    logins: Map<string, string>,
  ) {
    const table = openKeyvTable<never>(harness.dataDir, 'credentials');
    const credentials = new CredentialStore(
      table,
      new SealedBox(Buffer.from(TEST_CREDENTIALS_KEY, 'base64')),
    );
    const now = Date.now();

    for (const [index, { userId, files }] of members.entries()) {
      const account = harness.host.addAccount();
      logins.set(userId, account.login);
      await credentials.set(userId, new SecretCredentials(account.login, account.key), account.userId);

      for (let file = 0; file < files; file += 1) {
        const fileId = harness.host.addFile(account.login, { name: `v${index}-${file}.mp4`, encoded: false });
        await writeWatch(harness.dataDir, overdueWatch(fileId, userId, now));
      }
    }
    await table.disconnect();
  }

  function overdueWatch(fileId: string, userId: string, now: number): Watch {
    const createdAt = now - 3_600_000;
    return {
      v: 1,
      fileId,
      userId,
      guildId: harness.guildId,
      channelId: harness.adultChannelId,
      fileName: null,
      source: 'upload',
      nonce: noticeNonce(fileId, userId, createdAt),
      createdAt,
      deadlineAt: createdAt + 86_400_000,
      nextPollAt: now - 600_000,
      attempts: 0,
      lastPolledAt: null,
      seen: null,
      finished: null,
      notice: { state: 'none' },
    };
  }

  function firstRequestOf(login: string, since: number): RecordedRequest | undefined {
    return harness.host.requests.find((request) => request.at >= since && request.query.login === login);
  }
});

/**
 * A token bucket lets through at most `BURST + t * rate` requests in any
 * interval of length t, so every pair of requests i < j must satisfy it. One
 * request of slack covers the gap between taking a token and arriving.
 */
function expectWithinBucket(requests: RecordedRequest[]): void {
  const times = requests.map((request) => request.at).sort((a, b) => a - b);

  for (let i = 0; i < times.length; i += 1) {
    for (let j = i; j < times.length; j += 1) {
      const allowed = BURST + (((times[j] ?? 0) - (times[i] ?? 0)) * PER_MINUTE) / 60_000 + 1;
      if (j - i + 1 > allowed) {
        throw new Error(
          `${j - i + 1} requests within ${(times[j] ?? 0) - (times[i] ?? 0)} ms; the bucket allows ${allowed}`,
        );
      }
    }
  }
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(50);
  }
}
