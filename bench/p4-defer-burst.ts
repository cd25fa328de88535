/**
 * P4: a burst of 200 interactions (`/account` by linked users, dispatched back to back) and the
 * time from the gateway dispatch to the deferral the fake Discord receives, p50 and p99. The
 * baseline is the same 200 interactions sent one at a time, each after the previous deferral.
 */
import type { InteractionHandle } from '../test/fakes/discord/interaction-handle.js';
import { parseBenchArgs } from './support/args.js';
import { sleep, startBotProcess } from './support/bot-run.js';
import { deferLatency, latencyPercentiles, type LatencyPercentiles } from './support/defer-latency.js';
import { formatSummary, markdownTable, metOrMissed } from './support/markdown-table.js';
import { buildAll, buildDescription, startScriptFlags } from './support/project.js';
import { writeSection } from './support/report.js';
import { summarize } from './support/stats.js';
import { BenchWorld } from './support/world.js';

const BURST = 200;
const USERS = 10;
const TARGET_P99_MS = 10;

const args = parseBenchArgs(process.argv.slice(2), { runs: 5, sizeMb: 0, quickRuns: 2, quickSizeMb: 0 });
if (!args.noBuild) buildAll();

const world = await BenchWorld.start({ users: USERS });
const bot = await startBotProcess(world);
const results: Array<{ burst: LatencyPercentiles; sequential: LatencyPercentiles }> = [];

try {
  await world.linkAll();
  // A few commands first, so code compiled on first use is not in the first run.
  await sequential(20);

  for (let run = 1; run <= args.runs; run += 1) {
    const sequentialRun = latencyPercentiles(await sequential(BURST));
    await sleep(500);
    const burstRun = latencyPercentiles(await burst());
    results.push({ burst: burstRun, sequential: sequentialRun });
    process.stdout.write(
      `P4 run ${run}/${args.runs}: burst p50 ${burstRun.p50.toFixed(1)} ms p99 ${burstRun.p99.toFixed(1)} ms; ` +
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
    build: buildDescription(startScriptFlags()),
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

async function burst(): Promise<number[]> {
  const handles = Array.from({ length: BURST }, (_, index) => dispatch(index));
  const latencies = await Promise.all(handles.map(deferLatency));
  await finished(handles);
  return latencies;
}

/** Waits for the answers that follow the deferrals, so one phase's edits do not overlap the next. */
async function finished(handles: InteractionHandle[]): Promise<void> {
  await Promise.all(
    handles.map((handle) => handle.waitFor((response) => response.kind === 'original-edit', 20_000)),
  );
}

function report(): string {
  const pick = (phase: 'burst' | 'sequential', read: (value: LatencyPercentiles) => number) =>
    summarize(results.map((result) => read(result[phase])));
  const burstP99 = pick('burst', (value) => value.p99);
  const sequentialP99 = pick('sequential', (value) => value.p99);

  const figures = markdownTable(
    ['figure', 'one at a time (baseline)', `burst of ${BURST}`, 'ratio'],
    [
      [
        'dispatch to deferral p50',
        formatSummary(
          pick('sequential', (v) => v.p50),
          1,
          'ms',
        ),
        formatSummary(
          pick('burst', (v) => v.p50),
          1,
          'ms',
        ),
        `${(pick('burst', (v) => v.p50).median / pick('sequential', (v) => v.p50).median).toFixed(2)}x`,
      ],
      [
        'dispatch to deferral p99',
        formatSummary(sequentialP99, 1, 'ms'),
        formatSummary(burstP99, 1, 'ms'),
        `${(burstP99.median / sequentialP99.median).toFixed(2)}x`,
      ],
      [
        'dispatch to deferral max',
        formatSummary(
          pick('sequential', (v) => v.max),
          1,
          'ms',
        ),
        formatSummary(
          pick('burst', (v) => v.max),
          1,
          'ms',
        ),
        '',
      ],
    ],
  );
  const targets = markdownTable(
    ['target', 'measured (median of runs)', 'result'],
    [
      [
        `burst p99 at most ${TARGET_P99_MS} ms`,
        `${burstP99.median.toFixed(1)} ms`,
        metOrMissed(burstP99.median <= TARGET_P99_MS),
      ],
    ],
  );

  return [
    `Runs: ${burstP99.runs}, one bot process, ${USERS} linked users. Each interaction is \`/account\`: the bot defers`,
    '(ephemeral), reads the credentials, asks the fake host for `account/info` and edits the reply. The time runs',
    "from the fake Discord's dispatch on the gateway to its receipt of the deferral callback, on one clock.",
    '',
    figures,
    '',
    targets,
  ].join('\n');
}
