/**
 * P3: the bot's event-loop delay (p99 of `perf_hooks.monitorEventLoopDelay`, read by a preloaded
 * probe) while 20 relays run at once, and the time from dispatch to deferral of `/account`
 * commands sent every 100 ms meanwhile: to the moment the bot writes the callback (read by a
 * second preloaded probe) and to the moment the fake Discord handles it. The baseline is the
 * same measure with no relay running.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

import type { InteractionHandle } from '../test/fakes/discord/interaction-handle.js';
import { parseBenchArgs } from './support/args.js';
import { MIB, sleep, startBotProcess } from './support/bot-run.js';
import { deferLatency, latencyPercentiles, type LatencyPercentiles } from './support/defer-latency.js';
import { DeferralClient } from './support/deferral-client.js';
import { EventLoopClient, type EventLoopReport } from './support/event-loop-client.js';
import { formatSummary, markdownTable, metOrMissed } from './support/markdown-table.js';
import {
  buildAll,
  buildDescription,
  DEFERRAL_PROBE,
  EVENT_LOOP_PROBE,
  startScriptFlags,
} from './support/project.js';
import { writeSection } from './support/report.js';
import { summarize } from './support/stats.js';
import { BenchWorld, relayOutcome } from './support/world.js';

const RELAYS = 20;
const USERS = 5;
const COMMAND_INTERVAL_MS = 100;
const BASELINE_MS = 4000;
const TARGET_MS = 20;

interface PhaseResult {
  eventLoop: EventLoopReport;
  /** Dispatch to the fake Discord's handling of the callback. */
  defer: LatencyPercentiles;
  /** Dispatch to the bot writing the callback to its socket. */
  deferSent: LatencyPercentiles;
  /** p99 of the benchmark process's own event-loop delay, which hosts both fakes. */
  benchLoopP99Ms: number;
  seconds: number;
}

const args = parseBenchArgs(process.argv.slice(2), { runs: 5, sizeMb: 50, quickRuns: 2, quickSizeMb: 10 });
if (!args.noBuild) buildAll();

const world = await BenchWorld.start({ users: USERS });
// 20 relays at once: the default limits (2 per user, 4 in all) would queue most of them.
const bot = await startBotProcess(world, {
  preloads: [EVENT_LOOP_PROBE, DEFERRAL_PROBE],
  ipc: true,
  env: { RELAY_CONCURRENCY_TOTAL: String(RELAYS), RELAY_CONCURRENCY_PER_USER: String(RELAYS / USERS) },
});
const probe = new EventLoopClient(bot.process.child);
const deferrals = new DeferralClient(bot.process.child);
const results: Array<{ idle: PhaseResult; loaded: PhaseResult }> = [];

try {
  await world.linkAll();
  await world.relay(world.users[0] ?? fail(), world.attachment(MIB), 60_000);

  for (let run = 1; run <= args.runs; run += 1) {
    const idle = await measurePhase(() => sleep(BASELINE_MS));
    const loaded = await measurePhase(() => runRelays(args.sizeMb));
    results.push({ idle, loaded });
    process.stdout.write(
      `P3 run ${run}/${args.runs}: event-loop p99 ${idle.eventLoop.p99Ms.toFixed(1)} ms idle, ` +
        `${loaded.eventLoop.p99Ms.toFixed(1)} ms under load; deferral p99 under load ` +
        `${loaded.deferSent.p99.toFixed(1)} ms written by the bot, ${loaded.defer.p99.toFixed(1)} ms handled by the fake; ` +
        `loaded phase ${loaded.seconds.toFixed(1)} s\n`,
    );
  }
} finally {
  await bot.stop();
  await world.close();
}

const body = report();
process.stdout.write(`${body}\n`);
if (!args.noWrite) {
  await writeSection({
    id: 'P3',
    title: 'event-loop delay and deferral under 20 relays',
    command: `npm run bench:p3 -- --runs ${args.runs} --size-mb ${args.sizeMb}`,
    build: `${buildDescription(startScriptFlags())}, plus \`--import ${EVENT_LOOP_PROBE}\` \`--import ${DEFERRAL_PROBE}\``,
    body,
  });
}

/** Sends `/account` every 100 ms while `work` runs, with the probe reset at the start. */
async function measurePhase(work: () => Promise<void>): Promise<PhaseResult> {
  const benchLoop = monitorEventLoopDelay({ resolution: 5 });
  const commands: InteractionHandle[] = [];
  const user = world.users[0] ?? fail();
  let working = true;

  await probe.reset();
  benchLoop.enable();
  const started = performance.now();
  const sender = (async () => {
    while (working) {
      commands.push(
        world.discord.slashCommand({ userId: user.id, channelId: world.channelId, name: 'account' }),
      );
      await sleep(COMMAND_INTERVAL_MS);
    }
  })();

  await work();
  working = false;
  await sender;
  const seconds = (performance.now() - started) / 1000;
  const eventLoop = await probe.report();
  benchLoop.disable();
  // Both histograms record whole timer intervals; the 5 ms resolution is taken off to show lateness.
  const benchLoopP99Ms = Math.max(0, benchLoop.percentile(99) / 1e6 - 5);

  const latencies = await Promise.all(commands.map(deferLatency));
  // The commands' edits finish after the deferrals; waiting keeps them out of the next phase.
  await Promise.all(
    commands.map((handle) => handle.waitFor((response) => response.kind === 'original-edit', 10_000)),
  );
  const sent = await deferrals.sinceDispatch(commands);
  return {
    eventLoop,
    defer: latencyPercentiles(latencies),
    deferSent: latencyPercentiles(sent),
    benchLoopP99Ms,
    seconds,
  };
}

async function runRelays(sizeMb: number): Promise<void> {
  const handles = Array.from({ length: RELAYS }, (_, index) => {
    const user = world.users[index % USERS] ?? fail();
    return world.dispatchUpload(user, world.attachment(sizeMb * MIB, `clip${index}.mp4`));
  });
  await Promise.all(handles.map((handle) => relayOutcome(handle, 120_000 + sizeMb * RELAYS * 100)));
}

function report(): string {
  const pick = (phase: 'idle' | 'loaded', read: (result: PhaseResult) => number) =>
    summarize(results.map((result) => read(result[phase])));

  const loopRuns = pick('idle', (result) => result.eventLoop.p99Ms).runs;
  const loopLoaded = pick('loaded', (result) => result.eventLoop.p99Ms);
  const deferLoaded = pick('loaded', (result) => result.defer.p99);
  const sentLoaded = pick('loaded', (result) => result.deferSent.p99);
  /** One table row: the idle and loaded figures, with their ratio when `ratio` is set. */
  const row = (
    label: string,
    read: (result: PhaseResult) => number,
    format: { digits: number; unit?: string; ratio?: boolean },
  ): string[] => {
    const idle = pick('idle', read);
    const loaded = pick('loaded', read);
    const ratio = format.ratio === true ? `${(loaded.median / idle.median).toFixed(2)}x` : '';
    return [
      label,
      formatSummary(idle, format.digits, format.unit),
      formatSummary(loaded, format.digits, format.unit),
      ratio,
    ];
  };
  const ms = (digits: number, ratio = false) => ({ digits, unit: 'ms', ratio });

  const figures = markdownTable(
    ['figure', 'no relay (baseline)', `${RELAYS} relays of ${args.sizeMb} MiB`, 'ratio'],
    [
      row('bot event-loop delay p50', (r) => r.eventLoop.p50Ms, ms(2)),
      row('bot event-loop delay p99', (r) => r.eventLoop.p99Ms, ms(2, true)),
      row('bot event-loop delay max', (r) => r.eventLoop.maxMs, ms(1)),
      row('`/account` dispatch to the callback written by the bot, p50', (r) => r.deferSent.p50, ms(1)),
      row('`/account` dispatch to the callback written by the bot, p99', (r) => r.deferSent.p99, ms(1, true)),
      row('`/account` dispatch to the callback handled by the fake Discord, p50', (r) => r.defer.p50, ms(1)),
      row(
        '`/account` dispatch to the callback handled by the fake Discord, p99',
        (r) => r.defer.p99,
        ms(1, true),
      ),
      row('commands sent per phase', (r) => r.defer.count, { digits: 0 }),
      row('benchmark process (both fakes) event-loop delay p99', (r) => r.benchLoopP99Ms, ms(1)),
      row('phase length', (r) => r.seconds, { digits: 1, unit: 's' }),
    ],
  );
  const targets = markdownTable(
    ['target', 'measured (median of runs)', 'result'],
    [
      [
        `event-loop delay p99 at most ${TARGET_MS} ms under load`,
        `${loopLoaded.median.toFixed(2)} ms`,
        metOrMissed(loopLoaded.median <= TARGET_MS),
      ],
      [
        `deferral p99 at most ${TARGET_MS} ms under load: dispatch to the callback written by the bot`,
        `${sentLoaded.median.toFixed(1)} ms`,
        metOrMissed(sentLoaded.median <= TARGET_MS),
      ],
      [
        '(for reference) the same, to the callback handled by the fake Discord',
        `${deferLoaded.median.toFixed(1)} ms`,
        '',
      ],
    ],
  );

  return [
    `Runs: ${loopRuns}, one bot process. Each run has a baseline phase of ${BASELINE_MS / 1000} s with no relay, then`,
    `a phase in which ${RELAYS} relays of ${args.sizeMb} MiB run at once (${USERS} users, relay limits raised to`,
    `${RELAYS} in all and ${RELAYS / USERS} per user). In both phases \`/account\` is sent every ${COMMAND_INTERVAL_MS} ms by a linked user.`,
    'The event-loop delay (how late a 5 ms timer fires) is sampled by a probe preloaded into the bot. The deferral',
    "time runs from the fake Discord's dispatch to the moment the bot writes the callback to its socket (a second",
    "probe on undici's `undici:client:sendHeaders` diagnostics channel), and to the moment the fake Discord handles",
    'the callback. The second figure also holds the delay of the benchmark process, which runs the fake CDN and the',
    'fake host of all 20 relays next to the fake Discord (its own event-loop p99 is in the table).',
    '',
    figures,
    '',
    targets,
  ].join('\n');
}

function fail(): never {
  throw new Error('P3 needs its users');
}
