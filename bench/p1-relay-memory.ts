/**
 * P1: the bot's peak RSS while it relays a 50 MiB and a large (1 GiB by default) attachment
 * through the fakes. The peak is VmHWM, reset before each relay (`/proc/<pid>/clear_refs`), so
 * each figure belongs to one relay; idle is VmRSS just before the first relay.
 */
import { parseBenchArgs } from './support/args.js';
import { MIB, sleep, startBotProcess } from './support/bot-run.js';
import { formatSummary, markdownTable, metOrMissed } from './support/markdown-table.js';
import { readMemory, resetPeak, sampleRss } from './support/proc-status.js';
import { buildAll, buildDescription, startScriptFlags } from './support/project.js';
import { writeSection } from './support/report.js';
import { summarize } from './support/stats.js';
import { BenchWorld } from './support/world.js';

const SMALL_MB = 50;
/** A first relay that pays the one-time costs (the host connection, code compiled on first use). */
const WARM_UP_MB = 1;
/** Flat: the large relay's peak may exceed the small one's by this much. */
const FLAT_WITHIN_MB = 16;
const ABOVE_IDLE_MB = 64;

interface RunResult {
  idleMb: number;
  warmUpPeakMb: number;
  smallPeakMb: number;
  largePeakMb: number;
  /** The highest VmRSS sampled every 50 ms, a cross-check of VmHWM. */
  largeSampledMb: number;
  largeSeconds: number;
}

const args = parseBenchArgs(process.argv.slice(2), { runs: 5, sizeMb: 1024, quickRuns: 2, quickSizeMb: 256 });
if (!args.noBuild) buildAll();

const world = await BenchWorld.start({ users: 1 });
const results: RunResult[] = [];

try {
  for (let run = 1; run <= args.runs; run += 1) {
    const result = await measureRun(world);
    results.push(result);
    process.stdout.write(
      `P1 run ${run}/${args.runs}: idle ${result.idleMb.toFixed(1)} MiB, peak ${result.smallPeakMb.toFixed(1)} MiB ` +
        `(${SMALL_MB} MiB), ${result.largePeakMb.toFixed(1)} MiB (${args.sizeMb} MiB in ${result.largeSeconds.toFixed(1)} s)\n`,
    );
  }
} finally {
  await world.close();
}

const body = report(results, args.sizeMb);
process.stdout.write(`${body}\n`);
if (!args.noWrite) {
  await writeSection({
    id: 'P1',
    title: 'memory while relaying',
    command: `npm run bench:p1 -- --runs ${args.runs} --size-mb ${args.sizeMb}`,
    build: buildDescription(startScriptFlags()),
    body,
  });
}

/** One bot process: idle, then the small relay, then the large one, each with its own peak. */
async function measureRun(benchWorld: BenchWorld): Promise<RunResult> {
  const bot = await startBotProcess(benchWorld);
  const user = benchWorld.users[0];
  if (user === undefined) throw new Error('P1 needs one user');

  try {
    const pid = bot.process.pid;
    await benchWorld.link(user);
    // Past start-up and V8's first memory-reducing collections, as P6 measures idle.
    await sleep(bot.ready.receivedAt + 12_000 - Date.now());
    const idle = await readMemory(pid);

    await resetPeak(pid);
    await benchWorld.relay(user, benchWorld.attachment(WARM_UP_MB * MIB), 60_000);
    const warmUp = await readMemory(pid);

    await resetPeak(pid);
    await benchWorld.relay(user, benchWorld.attachment(SMALL_MB * MIB), 120_000);
    const small = await readMemory(pid);

    await resetPeak(pid);
    const sampler = sampleRss(pid);
    const started = performance.now();
    // Allows 10 MB/s, far below what loopback gives, so only a stuck relay times out.
    await benchWorld.relay(user, benchWorld.attachment(args.sizeMb * MIB), 60_000 + args.sizeMb * 100);
    const largeSeconds = (performance.now() - started) / 1000;
    const largeSampledMb = await sampler.stop();
    const large = await readMemory(pid);

    return {
      idleMb: idle.rssMb,
      warmUpPeakMb: warmUp.peakMb,
      smallPeakMb: small.peakMb,
      largePeakMb: large.peakMb,
      largeSampledMb,
      largeSeconds,
    };
  } finally {
    await bot.stop();
  }
}

function report(list: RunResult[], largeMb: number): string {
  const idle = summarize(list.map((result) => result.idleMb));
  const warmUp = summarize(list.map((result) => result.warmUpPeakMb));
  const small = summarize(list.map((result) => result.smallPeakMb));
  const large = summarize(list.map((result) => result.largePeakMb));
  const sampled = summarize(list.map((result) => result.largeSampledMb));
  const growth = summarize(list.map((result) => result.largePeakMb - result.smallPeakMb));
  const aboveIdle = summarize(
    list.map(
      (result) => Math.max(result.warmUpPeakMb, result.smallPeakMb, result.largePeakMb) - result.idleMb,
    ),
  );
  const seconds = summarize(list.map((result) => result.largeSeconds));

  const figures = markdownTable(
    ['figure', 'value', 'ratio to idle'],
    [
      ['idle RSS before the relays', formatSummary(idle, 1, 'MiB'), '1.00x'],
      [
        `peak RSS (VmHWM), first relay (${WARM_UP_MB} MiB)`,
        formatSummary(warmUp, 1, 'MiB'),
        ratio(warmUp.median, idle.median),
      ],
      [
        `peak RSS (VmHWM), ${SMALL_MB} MiB relay`,
        formatSummary(small, 1, 'MiB'),
        ratio(small.median, idle.median),
      ],
      [
        `peak RSS (VmHWM), ${largeMb} MiB relay`,
        formatSummary(large, 1, 'MiB'),
        ratio(large.median, idle.median),
      ],
      [
        `highest sampled VmRSS, ${largeMb} MiB relay`,
        formatSummary(sampled, 1, 'MiB'),
        ratio(sampled.median, idle.median),
      ],
      [`time of the ${largeMb} MiB relay`, formatSummary(seconds, 1, 's'), ''],
    ],
  );
  const flatMet = Math.max(Math.abs(growth.min), Math.abs(growth.max)) <= FLAT_WITHIN_MB;
  const idleMet = aboveIdle.max <= ABOVE_IDLE_MB;
  const targets = markdownTable(
    ['target', 'measured', 'result'],
    [
      [
        `peak of the ${largeMb} MiB relay within ${FLAT_WITHIN_MB} MiB of the ${SMALL_MB} MiB one`,
        `${formatSummary(growth, 1, 'MiB')} difference`,
        metOrMissed(flatMet),
      ],
      [
        `every relay's peak at most ${ABOVE_IDLE_MB} MiB above idle`,
        `${formatSummary(aboveIdle, 1, 'MiB')} above idle`,
        metOrMissed(idleMet),
      ],
    ],
  );

  return [
    `Runs: ${idle.runs}, each in a fresh bot process. The attachments are generated by the fake CDN`,
    `(random-looking bytes, streamed); the relay goes CDN -> spool file with SHA-1 -> multipart`,
    `upload to the fake host's ticket URL. Each process first relays ${WARM_UP_MB} MiB, which pays the one-time`,
    `costs (the first host connection, code compiled on first use), so that the ${SMALL_MB} MiB and large`,
    `relays compare like with like. A target counts as met only if every run meets it. Memory is in MiB,`,
    "as /proc reports it (in KiB); the targets' MB are read as MiB.",
    '',
    figures,
    '',
    targets,
  ].join('\n');
}

function ratio(value: number, base: number): string {
  return `${(value / base).toFixed(2)}x`;
}
