/**
 * P5: the encoding watcher's host requests for 1,000 watches over 50 users, with encodes of
 * varied length in the fake host, on a clock scaled down 60 times (a 15 s poll takes 250 ms).
 * The watcher (`WatchService` with its SQLite store, the real host client and rate limiter) runs
 * in this process with a notifier that records each notice's time, so its request counter can
 * be read. Baselines: one `file/converts` per watch per poll the watcher made, and the same for
 * a plain poller that checks every watch at the shortest interval.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { Config } from '../src/config.js';
import { HostConnection } from '../src/host/connection.js';
import { createLogger } from '../src/logger.js';
import { CredentialStore } from '../src/store/credential-store.js';
import { SecretCredentials } from '../src/store/secret-credentials.js';
import { openKeyvTable } from '../src/store/open-keyv.js';
import { SealedBox } from '../src/store/sealed-box.js';
import type { Notice } from '../src/watch/notice.js';
import type { Notifier } from '../src/watch/notifier.js';
import { WatchService } from '../src/watch/watch-service.js';
import { WatchStore } from '../src/watch/watch-store.js';
import { FakeHost } from '../test/fakes/host/fake-host.js';
import { parseBenchArgs } from './support/args.js';
import { sleep } from './support/bot-run.js';
import { formatSummary, markdownTable, metOrMissed } from './support/markdown-table.js';
import { writeSection } from './support/report.js';
import { percentile, sortedCopy, summarize } from './support/stats.js';

const WATCHES = 1000;
const USERS = 50;
/** Real seconds per benchmark second. */
const TIME_SCALE = 60;
/** The production defaults (15 s to 300 s between polls, 30 requests a minute per user), scaled. */
const SETTINGS: Config['watch'] = {
  deadlineMs: (24 * 3_600_000) / TIME_SCALE,
  pollMinMs: 15_000 / TIME_SCALE,
  pollMaxMs: 300_000 / TIME_SCALE,
  concurrency: 4,
  requestsPerMinute: 30 * TIME_SCALE,
};
/** Per-quality encoding time, real seconds: 30 s to 8 min, so a whole encode takes 30 s to 32 min. */
const QUALITY_SECONDS = { min: 30, max: 480 };
const HEIGHTS = [360, 480, 720, 1080];
const TARGET_RATIO = 0.2;

interface RunResult {
  requests: { fileInfo: number; converts: number; splash: number; total: number };
  /** One `file/converts` per poll the watcher made (the sum of every watch's polls). */
  watcherPolls: number;
  /** Polls of a plain poller at the shortest interval until each encode is done. */
  plainPolls: number;
  /** Notice delay after the encode ended, benchmark milliseconds. */
  delayP95Ms: number;
  delayP50Ms: number;
  seconds: number;
}

const args = parseBenchArgs(process.argv.slice(2), { runs: 5, sizeMb: 0, quickRuns: 2, quickSizeMb: 0 });
const results: RunResult[] = [];

for (let run = 1; run <= args.runs; run += 1) {
  const result = await measureRun();
  results.push(result);
  process.stdout.write(
    `P5 run ${run}/${args.runs}: ${result.requests.total} host requests (${result.requests.fileInfo} file/info, ` +
      `${result.requests.converts} file/converts, ${result.requests.splash} file/getsplash) for ${result.watcherPolls} watch polls; ` +
      `notice delay p95 ${result.delayP95Ms.toFixed(0)} ms scaled; run ${result.seconds.toFixed(1)} s\n`,
  );
}

const body = report();
process.stdout.write(`${body}\n`);
if (!args.noWrite) {
  await writeSection({
    id: 'P5',
    title: 'host requests of 1,000 watches',
    command: `npm run bench:p5 -- --runs ${args.runs}`,
    build:
      'in-process under tsx: the watcher is not run as a separate process, so that its request counter can be read',
    body,
  });
}

interface AddedWatch {
  fileId: string;
  addedAt: number;
  /** When the fake host finishes the last quality, epoch ms. */
  encodedAt: number;
}

async function measureRun(): Promise<RunResult> {
  const host = await FakeHost.start();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-watch-'));
  const logger = createLogger('warn');
  const credentialTable = openKeyvTable<never>(dataDir, 'credentials');
  const watchTable = openKeyvTable<unknown>(dataDir, 'watches');
  const credentials = new CredentialStore(credentialTable, new SealedBox(Buffer.alloc(32, 5), []));
  const store = new WatchStore(watchTable, (key, reason) => logger.error({ key, reason }, 'invalid watch'));
  const connection = new HostConnection({
    apiUrl: host.apiUrl,
    uploadUrl: host.uploadUrl,
    requireHttps: false,
    timeouts: { connectMs: 2000, headersMs: 5000, bodyMs: 5000 },
    retry: { attempts: 2, baseDelayMs: 50, maxDelayMs: 200 },
  });
  const noticeTimes = new Map<string, number>();
  const service = new WatchService({
    store,
    credentials,
    host: connection,
    notifier: recordingNotifier(noticeTimes),
    settings: SETTINGS,
    splash: { allowHttp: true, allowPrivateAddresses: true },
    logger,
  });

  try {
    const started = performance.now();
    const added = await addWatches(host, credentials, service);
    await service.start();
    await waitForNotices(noticeTimes, added.length);
    const seconds = (performance.now() - started) / 1000;
    const requests = service.requestCounts;
    await service.stop();

    const delays = sortedCopy(
      added.map((watch) => (noticeTimes.get(watch.fileId) ?? Number.NaN) - watch.encodedAt),
    );
    const watcherPolls = (await store.list()).reduce((sum, watch) => sum + watch.attempts, 0);
    const plainPolls = added.reduce(
      (sum, watch) => sum + Math.max(1, Math.ceil((watch.encodedAt - watch.addedAt) / SETTINGS.pollMinMs)),
      0,
    );

    return {
      requests,
      watcherPolls,
      plainPolls,
      delayP95Ms: percentile(delays, 95),
      delayP50Ms: percentile(delays, 50),
      seconds,
    };
  } finally {
    await service.stop();
    await Promise.all([credentialTable.disconnect(), watchTable.disconnect()]);
    await connection.close();
    await host.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Links 50 users and adds 1,000 watches of files whose encodes take 30 s to 32 min (real time). */
async function addWatches(
  host: FakeHost,
  credentials: CredentialStore,
  service: WatchService,
): Promise<AddedWatch[]> {
  const random = seededRandom(1234);
  const users = await Promise.all(
    Array.from({ length: USERS }, async (_, index) => {
      const account = host.addAccount();
      const userId = String(400_000_000_000_000_000n + BigInt(index));
      await credentials.set(userId, new SecretCredentials(account.login, account.key), account.userId);
      return { userId, login: account.login };
    }),
  );

  const added: AddedWatch[] = [];
  for (let index = 0; index < WATCHES; index += 1) {
    const user = users[index % USERS];
    if (user === undefined) throw new Error('P5 lost a user');

    const height = HEIGHTS[Math.floor(random() * HEIGHTS.length)] ?? 720;
    const qualityMs =
      ((QUALITY_SECONDS.min + random() * (QUALITY_SECONDS.max - QUALITY_SECONDS.min)) * 1000) / TIME_SCALE;
    host.encodingDurationMs = Math.round(qualityMs);
    const addedAt = Date.now();
    const fileId = host.addFile(user.login, { name: `video-${index}.mp4`, encoded: false, height });
    const qualities = HEIGHTS.filter((quality) => quality <= height).length;

    await service.add({
      fileId,
      userId: user.userId,
      guildId: '1',
      channelId: '2',
      fileName: `video-${index}.mp4`,
      source: 'watch',
    });
    added.push({ fileId, addedAt, encodedAt: addedAt + qualities * Math.round(qualityMs) });
  }
  return added;
}

/** A notifier that sends nothing and records when each file's notice would have been posted. */
function recordingNotifier(noticeTimes: Map<string, number>): Notifier {
  let messages = 0;
  return {
    destination: async (target) => ({
      channelId: target.channelId ?? `dm-${target.userId}`,
      detailed: true,
      direct: false,
    }),
    directDestination: async (userId) => ({ channelId: `dm-${userId}`, detailed: true, direct: true }),
    send: async (_channelId: string, notice: Notice) => {
      if (!noticeTimes.has(notice.fileId)) noticeTimes.set(notice.fileId, Date.now());
      messages += 1;
      return String(900_000_000_000_000_000n + BigInt(messages));
    },
    findByMarker: async () => null,
  };
}

async function waitForNotices(noticeTimes: Map<string, number>, count: number): Promise<void> {
  // Far longer than the longest encode (32 min real, 32 s here) plus the longest poll interval.
  const deadline = Date.now() + 180_000;
  while (noticeTimes.size < count) {
    if (Date.now() > deadline) throw new Error(`Only ${noticeTimes.size} of ${count} notices within 180 s`);
    await sleep(100);
  }
}

/** mulberry32: the same encode lengths in every run. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function report(): string {
  const total = summarize(results.map((result) => result.requests.total));
  const watcherPolls = summarize(results.map((result) => result.watcherPolls));
  const plainPolls = summarize(results.map((result) => result.plainPolls));
  const ratio = summarize(results.map((result) => result.requests.total / result.watcherPolls));
  const plainRatio = summarize(results.map((result) => result.requests.total / result.plainPolls));
  const delayP95 = summarize(results.map((result) => result.delayP95Ms));
  const delayP50 = summarize(results.map((result) => result.delayP50Ms));
  // Every watch needs one `file/converts` to confirm the end and one `file/getsplash` for its notice.
  const floorRatio = (2 * WATCHES) / watcherPolls.median;
  const real = (ms: number) => `${((ms * TIME_SCALE) / 1000).toFixed(0)} s real`;

  const figures = markdownTable(
    ['figure', 'value', 'ratio'],
    [
      ['host requests by the watcher', formatSummary(total, 0), ''],
      [
        'of which `file/info` (up to 50 IDs each)',
        formatSummary(summarize(results.map((r) => r.requests.fileInfo)), 0),
        '',
      ],
      ['of which `file/converts`', formatSummary(summarize(results.map((r) => r.requests.converts)), 0), ''],
      ['of which `file/getsplash`', formatSummary(summarize(results.map((r) => r.requests.splash)), 0), ''],
      [
        'baseline: one `file/converts` per watch per poll the watcher made',
        formatSummary(watcherPolls, 0),
        formatSummary(ratio, 3, 'x'),
      ],
      [
        'baseline: one `file/converts` per watch every 15 s until done',
        formatSummary(plainPolls, 0),
        formatSummary(plainRatio, 3, 'x'),
      ],
      [
        'notice delay after the encode ended, p50',
        `${formatSummary(delayP50, 0, 'ms')} = ${real(delayP50.median)}`,
        '',
      ],
      [
        'notice delay after the encode ended, p95',
        `${formatSummary(delayP95, 0, 'ms')} = ${real(delayP95.median)}`,
        '',
      ],
      [
        'run length (adding the watches included)',
        formatSummary(summarize(results.map((r) => r.seconds)), 1, 's'),
        '',
      ],
    ],
  );
  const targets = markdownTable(
    ['target', 'measured (median of runs)', 'result'],
    [
      [
        `requests at most ${TARGET_RATIO}x one \`file/converts\` per watch per 15 s poll`,
        `${plainRatio.median.toFixed(3)}x`,
        metOrMissed(plainRatio.median <= TARGET_RATIO),
      ],
      [
        "(for reference) against one `file/converts` per watch per poll the watcher's own backoff made",
        `${ratio.median.toFixed(3)}x, where ${floorRatio.toFixed(3)}x is the floor`,
        '',
      ],
      [
        `notice delay p95 within one poll interval (at most the longest, ${SETTINGS.pollMaxMs} ms = 300 s real)`,
        `${delayP95.median.toFixed(0)} ms`,
        metOrMissed(delayP95.median <= SETTINGS.pollMaxMs),
      ],
    ],
  );

  return [
    `Runs: ${total.runs}. ${WATCHES} watches over ${USERS} users, added one after another; each file encodes`,
    `1 to 4 qualities (by its height) of ${QUALITY_SECONDS.min} s to ${QUALITY_SECONDS.max} s each, real time. Time is scaled down ${TIME_SCALE} times:`,
    `polls every ${SETTINGS.pollMinMs} to ${SETTINGS.pollMaxMs} ms (15 s to 300 s real), ${SETTINGS.requestsPerMinute} requests a minute per user (30 real).`,
    'The notifier records the time of each notice instead of posting it. Only the intervals are scaled:',
    'each host request and SQLite write still takes its real time, which here weighs 60 times more than in',
    'production, so the notice delays below are an upper bound of what the same load gives in real time.',
    'The reference row compares with a poller that backs off as this watcher does but calls `file/converts` on',
    'every poll. No watcher can go below two requests per watch there: `file/info` cannot tell a finished',
    'encode from a running one, so one `file/converts` confirms the end, and one `file/getsplash` fetches the',
    "notice's image.",
    '',
    figures,
    '',
    targets,
  ].join('\n');
}
