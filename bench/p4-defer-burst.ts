/**
 * P4: a burst of 200 interactions (`/account` by linked users, dispatched back to back). It times
 * each from the gateway dispatch to the bot writing the deferral callback, and to the fake Discord
 * handling it, p50 and p99. The first baseline sends the same 200 interactions to the bot one at
 * a time, each after the previous deferral. The second sends the same bursts to a bare discord.js
 * client that only defers, which shows what discord.js and the fake cost per interaction.
 */
import type { InteractionHandle } from '../test/fakes/discord/interaction-handle.js';
import { parseBenchArgs } from './support/args.js';
import { sleep, startBotProcess } from './support/bot-run.js';
import { NodeProcess } from './support/node-process.js';
import { deferLatency, latencyPercentiles, type LatencyPercentiles } from './support/defer-latency.js';
import { formatSummary, markdownTable, metOrMissed } from './support/markdown-table.js';
import {
  buildAll,
  buildDescription,
  DEFERRAL_PROBE,
  DEFERRING_CLIENT_ENTRY,
  startScriptFlags,
} from './support/project.js';
import { DeferralClient } from './support/deferral-client.js';
import { writeSection } from './support/report.js';
import { summarize } from './support/stats.js';
import { BenchWorld } from './support/world.js';

const BURST = 200;
const USERS = 10;
const TARGET_P99_MS = 10;

const args = parseBenchArgs(process.argv.slice(2), { runs: 5, sizeMb: 0, quickRuns: 2, quickSizeMb: 0 });
if (!args.noBuild) buildAll();

interface BurstRun {
  /** Dispatch to the fake Discord's handling of the callback. */
  latency: LatencyPercentiles;
  /** Dispatch to the client writing the callback to its socket. */
  sent: LatencyPercentiles;
  /** Milliseconds from the first dispatch of the burst to the last, spent in the fake Discord. */
  dispatchSpanMs: number;
}

const world = await BenchWorld.start({ users: USERS });
const bareBursts = await measureBareClient();
const bot = await startBotProcess(world, { preloads: [DEFERRAL_PROBE], ipc: true });
const botDeferrals = new DeferralClient(bot.process.child);
const results: Array<{ burst: BurstRun; sequential: LatencyPercentiles }> = [];

try {
  await world.linkAll();
  // A few commands first, so code compiled on first use is not in the first run.
  await sequential(20);

  for (let run = 1; run <= args.runs; run += 1) {
    const sequentialRun = latencyPercentiles(await sequential(BURST));
    await sleep(500);
    const burstRun = await burst(botDeferrals);
    results.push({ burst: burstRun, sequential: sequentialRun });
    process.stdout.write(
      `P4 run ${run}/${args.runs}: burst p50 ${burstRun.latency.p50.toFixed(1)} ms p99 ${burstRun.latency.p99.toFixed(1)} ms, ` +
        `written by the bot p99 ${burstRun.sent.p99.toFixed(1)} ms; ` +
        `one at a time p50 ${sequentialRun.p50.toFixed(1)} ms p99 ${sequentialRun.p99.toFixed(1)} ms\n`,
    );
    await sleep(500);
  }
} finally {
  await bot.stop();
  await world.close();
}

const body = report();
process.stdout.write(`${body}\n`);
if (!args.noWrite) {
  await writeSection({
    id: 'P4',
    title: 'deferral of a burst of 200 interactions',
    command: `npm run bench:p4 -- --runs ${args.runs}`,
    build: `${buildDescription(startScriptFlags())}, plus \`--import ${DEFERRAL_PROBE}\``,
    body,
  });
}

function dispatch(index: number): InteractionHandle {
  const user = world.users[index % USERS];
  if (user === undefined) throw new Error('P4 needs its users');
  return world.discord.slashCommand({ userId: user.id, channelId: world.channelId, name: 'account' });
}

async function sequential(count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const handle = dispatch(index);
    latencies.push(await deferLatency(handle));
    await finished([handle]);
  }
  return latencies;
}

async function burst(deferrals: DeferralClient): Promise<BurstRun> {
  await deferrals.forget();
  const handles = Array.from({ length: BURST }, (_, index) => dispatch(index));
  const latencies = await Promise.all(handles.map(deferLatency));
  await finished(handles);
  const sent = await deferrals.sinceDispatch(handles);

  const first = handles[0]?.createdAt ?? 0;
  const last = handles.at(-1)?.createdAt ?? first;
  return {
    latency: latencyPercentiles(latencies),
    sent: latencyPercentiles(sent),
    dispatchSpanMs: last - first,
  };
}

/** Runs the bursts against the bare deferring client, which is then stopped before the bot logs in. */
async function measureBareClient(): Promise<BurstRun[]> {
  const client = new NodeProcess({
    entry: DEFERRING_CLIENT_ENTRY,
    nodeFlags: [...startScriptFlags(), '--import', `./${DEFERRAL_PROBE}`],
    env: { BARE_TOKEN: world.discord.token, BARE_REST_URL: world.discord.restUrl },
    ipc: true,
  });
  const deferrals = new DeferralClient(client.child);
  const runs: BurstRun[] = [];

  try {
    await client.waitForLog('client ready', 30_000);
    await sequential(20);

    for (let run = 1; run <= args.runs; run += 1) {
      const burstRun = await burst(deferrals);
      runs.push(burstRun);
      process.stdout.write(
        `P4 baseline run ${run}/${args.runs}: bare client burst p50 ${burstRun.latency.p50.toFixed(1)} ms ` +
          `p99 ${burstRun.latency.p99.toFixed(1)} ms, written by the client p99 ${burstRun.sent.p99.toFixed(1)} ms\n`,
      );
      await sleep(500);
    }
  } finally {
    await client.stop();
  }

  return runs;
}

/** Waits for the answers that follow the deferrals, so one phase's edits do not overlap the next. */
async function finished(handles: InteractionHandle[]): Promise<void> {
  await Promise.all(
    handles.map((handle) => handle.waitFor((response) => response.kind === 'original-edit', 20_000)),
  );
}

function report(): string {
  type Read = (value: LatencyPercentiles) => number;
  const sequential = (read: Read) => summarize(results.map((result) => read(result.sequential)));
  const botBurst = (read: Read) => summarize(results.map((result) => read(result.burst.latency)));
  const bareBurst = (read: Read) => summarize(bareBursts.map((run) => read(run.latency)));
  const botSent = (read: Read) => summarize(results.map((result) => read(result.burst.sent)));
  const bareSent = (read: Read) => summarize(bareBursts.map((run) => read(run.sent)));
  const burstP99 = botBurst((value) => value.p99);
  const bareP99 = bareBurst((value) => value.p99);
  const sentP99 = botSent((value) => value.p99);
  const bareSentP99 = bareSent((value) => value.p99);
  const span = summarize([
    ...results.map((result) => result.burst.dispatchSpanMs),
    ...bareBursts.map((run) => run.dispatchSpanMs),
  ]);

  const row = (label: string, read: Read): string[] => [
    label,
    formatSummary(sequential(read), 1, 'ms'),
    formatSummary(botBurst(read), 1, 'ms'),
    formatSummary(bareBurst(read), 1, 'ms'),
    `${(botBurst(read).median / bareBurst(read).median).toFixed(2)}x`,
  ];
  const sentRow = (label: string, read: Read): string[] => [
    label,
    '',
    formatSummary(botSent(read), 1, 'ms'),
    formatSummary(bareSent(read), 1, 'ms'),
    `${(botSent(read).median / bareSent(read).median).toFixed(2)}x`,
  ];
  const figures = markdownTable(
    [
      'figure',
      'bot, one at a time',
      `bot, burst of ${BURST}`,
      `bare discord.js client, burst of ${BURST} (baseline)`,
      'bot burst / baseline burst',
    ],
    [
      sentRow('dispatch to the callback written by the client, p50', (value) => value.p50),
      sentRow('dispatch to the callback written by the client, p99', (value) => value.p99),
      row('dispatch to the callback handled by the fake Discord, p50', (value) => value.p50),
      row('dispatch to the callback handled by the fake Discord, p99', (value) => value.p99),
      row('dispatch to the callback handled by the fake Discord, max', (value) => value.max),
    ],
  );
  const targets = markdownTable(
    ['target', 'measured (median of runs)', 'result'],
    [
      [
        `burst p99 at most ${TARGET_P99_MS} ms: dispatch to the callback written by the bot`,
        `${sentP99.median.toFixed(1)} ms (bare discord.js client: ${bareSentP99.median.toFixed(1)} ms)`,
        metOrMissed(sentP99.median <= TARGET_P99_MS),
      ],
      [
        '(for reference) the same, to the callback handled by the fake Discord',
        `${burstP99.median.toFixed(1)} ms (bare discord.js client: ${bareP99.median.toFixed(1)} ms)`,
        '',
      ],
    ],
  );

  return [
    `Runs: ${burstP99.runs}, ${USERS} linked users. Each interaction is \`/account\`: the bot defers (ephemeral),`,
    'reads the credentials, asks the fake host for `account/info` and edits the reply. The baseline client',
    '(`bench/baseline/deferring-client.ts`, same Node.js flags) defers every slash command at once and',
    'edits the reply, with no router, logging or storage; its bursts run first, then it stops and the bot',
    "logs in to the same fakes. The time runs from the fake Discord's dispatch on the gateway to the moment",
    'the client writes the callback to its socket, and to the moment the fake Discord handles the callback,',
    "on one clock. A probe preloaded into the client reads the first from undici's `undici:client:sendHeaders`",
    'diagnostics channel. The fake dispatches a burst in one synchronous loop',
    `(${formatSummary(span, 1, 'ms')} from first to last dispatch), and handles no callback until it ends.`,
    '',
    figures,
    '',
    targets,
  ].join('\n');
}
