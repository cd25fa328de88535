/**
 * P6: the bundled bot's idle RSS after READY and its time from process start to READY, against
 * a bare discord.js client (the `Guilds` intent, default options) logged in to the same fake
 * Discord and run with the same Node.js flags. The bot without the start script's flags is
 * measured too, to show what the flags save.
 */
import { parseBenchArgs } from './support/args.js';
import { startBotProcess, sleep } from './support/bot-run.js';
import { formatSummary, markdownTable, metOrMissed } from './support/markdown-table.js';
import { NodeProcess } from './support/node-process.js';
import { readMemory } from './support/proc-status.js';
import { BARE_CLIENT_ENTRY, buildAll, buildDescription, startScriptFlags } from './support/project.js';
import { writeSection } from './support/report.js';
import { type Summary, summarize } from './support/stats.js';
import { BenchWorld } from './support/world.js';

const TARGET_RSS_MB = 80;
const TARGET_READY_MS = 1500;
/** RSS is read this long after READY too, once V8's memory reducer has run (about 8 s after start-up work calms down). */
const SETTLED_AFTER_MS = 12_000;
const EARLY_AFTER_MS = 1000;

interface Variant {
  label: string;
  kind: 'bot' | 'bare';
  flags: readonly string[];
}

interface Sample {
  readyMs: number;
  earlyRssMb: number;
  settledRssMb: number;
}

const args = parseBenchArgs(process.argv.slice(2), { runs: 5, sizeMb: 0, quickRuns: 2, quickSizeMb: 0 });
if (!args.noBuild) buildAll();

const flags = startScriptFlags();
const variants: Variant[] = [
  { label: 'bot, start script flags', kind: 'bot', flags },
  { label: 'bare discord.js client, same flags', kind: 'bare', flags },
  { label: 'bot, no flags', kind: 'bot', flags: [] },
  { label: 'bare discord.js client, no flags', kind: 'bare', flags: [] },
];

const world = await BenchWorld.start({ users: 0 });
const samples = new Map<Variant, Sample[]>(variants.map((variant) => [variant, []]));

try {
  for (let run = 1; run <= args.runs; run += 1) {
    // Variants take turns within a run, so a slow moment of the machine touches all of them.
    for (const variant of variants) {
      const sample = await measure(world, variant);
      samples.get(variant)?.push(sample);
      process.stdout.write(
        `P6 run ${run}/${args.runs} ${variant.label}: READY after ${sample.readyMs} ms, ` +
          `RSS ${sample.earlyRssMb.toFixed(1)} MB then ${sample.settledRssMb.toFixed(1)} MB\n`,
      );
    }
  }
} finally {
  await world.close();
}

const summaries = variants.map((variant) => ({ variant, ...summarizeSamples(samples.get(variant) ?? []) }));
const body = report(summaries);
process.stdout.write(`${body}\n`);
if (!args.noWrite) {
  await writeSection({
    id: 'P6',
    title: 'idle memory and start-up time',
    command: `npm run bench:p6 -- --runs ${args.runs}`,
    build: buildDescription(flags),
    body,
  });
}

async function measure(benchWorld: BenchWorld, variant: Variant): Promise<Sample> {
  if (variant.kind === 'bot') {
    const bot = await startBotProcess(benchWorld, { nodeFlags: variant.flags });
    try {
      return await sampleAfterReady(bot.process, bot.ready.time);
    } finally {
      await bot.stop();
    }
  }

  const bare = new NodeProcess({
    entry: BARE_CLIENT_ENTRY,
    nodeFlags: variant.flags,
    env: { BARE_TOKEN: benchWorld.discord.token, BARE_REST_URL: benchWorld.discord.restUrl },
  });
  try {
    const ready = await bare.waitForLog('client ready', 30_000);
    return await sampleAfterReady(bare, ready.time);
  } finally {
    await bare.stop();
  }
}

/** READY's time comes from the child's own log line; the start is taken just before `spawn`. */
async function sampleAfterReady(child: NodeProcess, readyAt: number): Promise<Sample> {
  await sleep(readyAt + EARLY_AFTER_MS - Date.now());
  const early = await readMemory(child.pid);
  await sleep(readyAt + SETTLED_AFTER_MS - Date.now());
  const settled = await readMemory(child.pid);
  return { readyMs: readyAt - child.spawnedAt, earlyRssMb: early.rssMb, settledRssMb: settled.rssMb };
}

function summarizeSamples(list: Sample[]): { ready: Summary; early: Summary; settled: Summary } {
  return {
    ready: summarize(list.map((sample) => sample.readyMs)),
    early: summarize(list.map((sample) => sample.earlyRssMb)),
    settled: summarize(list.map((sample) => sample.settledRssMb)),
  };
}

function report(rows: Array<{ variant: Variant; ready: Summary; early: Summary; settled: Summary }>): string {
  const [bot, bare] = rows;
  if (bot === undefined || bare === undefined) throw new Error('P6 needs the bot and the bare client');

  const table = markdownTable(
    [
      'process',
      'Node.js flags',
      'start to READY',
      'RSS 1 s after READY',
      `RSS ${SETTLED_AFTER_MS / 1000} s after READY (idle)`,
    ],
    rows.map((row) => [
      row.variant.label,
      row.variant.flags.length === 0 ? 'none' : row.variant.flags.map((flag) => `\`${flag}\``).join(' '),
      formatSummary(row.ready, 0, 'ms'),
      formatSummary(row.early, 1, 'MiB'),
      formatSummary(row.settled, 1, 'MiB'),
    ]),
  );

  const targets = markdownTable(
    ['measure', 'bot', 'baseline (bare client, same flags)', 'ratio', 'target', 'result'],
    [
      [
        'idle RSS',
        `${bot.settled.median.toFixed(1)} MiB`,
        `${bare.settled.median.toFixed(1)} MiB`,
        `${(bot.settled.median / bare.settled.median).toFixed(2)}x`,
        `at most ${TARGET_RSS_MB} MiB (the target's MB read as MiB)`,
        metOrMissed(bot.settled.median <= TARGET_RSS_MB),
      ],
      [
        'start to READY',
        `${bot.ready.median.toFixed(0)} ms`,
        `${bare.ready.median.toFixed(0)} ms`,
        `${(bot.ready.median / bare.ready.median).toFixed(2)}x`,
        `at most ${TARGET_READY_MS} ms`,
        metOrMissed(bot.ready.median <= TARGET_READY_MS),
      ],
    ],
  );

  return [
    `Runs: ${bot.ready.runs}. RSS is VmRSS from \`/proc/<pid>/status\`, in MiB. READY is the time of the bot's`,
    '`bot ready` log line (the bare client logs its own), measured from just before `spawn`. Targets are',
    'judged on the median. The RSS target is read as MiB, as `ps` reports RSS; read as 80,000,000 bytes it',
    `would be ${((TARGET_RSS_MB * 1e6) / 2 ** 20).toFixed(1)} MiB.`,
    '',
    table,
    '',
    targets,
  ].join('\n');
}
