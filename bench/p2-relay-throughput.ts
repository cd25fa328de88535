/**
 * P2: the wall time of one relay against a baseline in the same run: curl downloads the same
 * attachment from the fake CDN to a file, `sha1sum` hashes it, then curl uploads it to the same
 * fake host (ticket with `sha1`, then multipart POST), the requests the bot makes. Also reports
 * what overlapping download and upload would give: the longer of curl's two transfers, an
 * estimate for a relay that streams the download into the upload.
 */
import { parseBenchArgs } from './support/args.js';
import { MIB, startBotProcess } from './support/bot-run.js';
import { curlDownloadThenUpload, curlTotalMs, type CurlTiming } from './support/curl-baseline.js';
import { formatSummary, markdownTable, metOrMissed } from './support/markdown-table.js';
import { buildAll, buildDescription, startScriptFlags } from './support/project.js';
import { writeSection } from './support/report.js';
import { summarize } from './support/stats.js';
import type { FakeAttachment } from '../test/fakes/discord/attachment.js';
import { BenchWorld, type BenchUser } from './support/world.js';

const TARGET_RATIO = 1.0;

interface RunResult {
  relayMs: number;
  /** From the CDN request to the ticket request: the bot's download to the spool. */
  relayDownloadMs: number;
  /** From the ticket request to the message with the new file's ID. */
  relayUploadMs: number;
  curl: CurlTiming;
}

const args = parseBenchArgs(process.argv.slice(2), { runs: 5, sizeMb: 512, quickRuns: 2, quickSizeMb: 128 });
if (!args.noBuild) buildAll();

const world = await BenchWorld.start({ users: 1 });
const user = world.users[0] as BenchUser;
const bot = await startBotProcess(world);
const results: RunResult[] = [];

try {
  await world.link(user);
  // One small relay first, so the first measured run does not pay for the first connections.
  await world.relay(user, world.attachment(MIB), 60_000);

  for (let run = 1; run <= args.runs; run += 1) {
    const result = await measureRun(run % 2 === 0);
    results.push(result);
    const curlMs = curlTotalMs(result.curl);
    process.stdout.write(
      `P2 run ${run}/${args.runs}: relay ${(result.relayMs / 1000).toFixed(2)} s ` +
        `(download ${(result.relayDownloadMs / 1000).toFixed(2)} s), curl ${(curlMs / 1000).toFixed(2)} s ` +
        `(download ${(result.curl.downloadMs / 1000).toFixed(2)} s)\n`,
    );
  }
} finally {
  await bot.stop();
  await world.close();
}

const body = report(results, args.sizeMb);
process.stdout.write(`${body}\n`);
if (!args.noWrite) {
  await writeSection({
    id: 'P2',
    title: 'relay wall time against curl',
    command: `npm run bench:p2 -- --runs ${args.runs} --size-mb ${args.sizeMb}`,
    build: buildDescription(startScriptFlags()),
    body,
  });
}

/** One relay and one curl baseline of the same bytes; the order alternates between runs. */
async function measureRun(curlFirst: boolean): Promise<RunResult> {
  // Two attachments with one seed have the same bytes; curl's is placed in the channel by hand,
  // since only a command or message gives an attachment its CDN path.
  const seed = `p2-${Date.now()}`;
  const forBot = world.discord.createAttachment({
    filename: 'clip.mp4',
    generatedSize: args.sizeMb * MIB,
    seed,
  });
  const forCurl = world.discord.createAttachment({
    filename: 'clip.mp4',
    generatedSize: args.sizeMb * MIB,
    seed,
  });
  forCurl.bind('attachments', world.channelId);
  const runCurl = () =>
    curlDownloadThenUpload(
      forCurl.signedUrl(world.discord.cdnUrl),
      world.host.uploadUrl,
      user.account,
      'clip.mp4',
    );

  const curlBefore = curlFirst ? await runCurl() : undefined;
  const relay = await timeRelay(forBot);
  const curl = curlBefore ?? (await runCurl());
  return { ...relay, curl };
}

async function timeRelay(attachment: FakeAttachment): Promise<Omit<RunResult, 'curl'>> {
  const cdnBefore = world.discord.cdnRequests.length;
  const hostBefore = world.host.requests.length;
  const timing = await world.relay(user, attachment, 60_000 + args.sizeMb * 100);

  const cdnRequest = world.discord.cdnRequests
    .slice(cdnBefore)
    .find((entry) => entry.attachmentId === attachment.id);
  const ticket = world.host.requests.slice(hostBefore).find((entry) => entry.endpoint === 'upload');
  if (cdnRequest === undefined || ticket === undefined)
    throw new Error('P2 found no CDN request or ticket request');

  return {
    relayMs: timing.doneAt - timing.dispatchedAt,
    relayDownloadMs: ticket.at - cdnRequest.at,
    relayUploadMs: timing.doneAt - ticket.at,
  };
}

function report(list: RunResult[], sizeMb: number): string {
  const relay = summarize(list.map((result) => result.relayMs / 1000));
  const relayDownload = summarize(list.map((result) => result.relayDownloadMs / 1000));
  const relayUpload = summarize(list.map((result) => result.relayUploadMs / 1000));
  const curlTotal = summarize(list.map((result) => curlTotalMs(result.curl) / 1000));
  const curlDownload = summarize(list.map((result) => result.curl.downloadMs / 1000));
  const curlHash = summarize(list.map((result) => result.curl.hashMs / 1000));
  const curlUpload = summarize(list.map((result) => result.curl.uploadMs / 1000));
  const overlapped = summarize(
    list.map((result) => Math.max(result.curl.downloadMs, result.curl.uploadMs) / 1000),
  );
  const ratios = summarize(list.map((result) => result.relayMs / curlTotalMs(result.curl)));
  const transferRatios = summarize(
    list.map((result) => result.relayMs / (result.curl.downloadMs + result.curl.uploadMs)),
  );
  const overlapRatios = summarize(
    list.map((result) => Math.max(result.curl.downloadMs, result.curl.uploadMs) / curlTotalMs(result.curl)),
  );
  const speed = (seconds: number) => `${(sizeMb / seconds).toFixed(0)} MiB/s`;

  const figures = markdownTable(
    ['figure', 'wall time', 'throughput', 'ratio to curl'],
    [
      [
        'relay by the bot: `/upload` dispatched to the message with the file ID',
        formatSummary(relay, 2, 's'),
        speed(relay.median),
        formatSummary(ratios, 2, 'x'),
      ],
      [
        'of which download to the spool (CDN request to ticket request)',
        formatSummary(relayDownload, 2, 's'),
        speed(relayDownload.median),
        '',
      ],
      [
        'of which upload (ticket request to the final message)',
        formatSummary(relayUpload, 2, 's'),
        speed(relayUpload.median),
        '',
      ],
      [
        'curl: download to a file, `sha1sum`, then ticket with `sha1` and upload',
        formatSummary(curlTotal, 2, 's'),
        speed(curlTotal.median),
        '1.00x',
      ],
      ['of which curl download', formatSummary(curlDownload, 2, 's'), speed(curlDownload.median), ''],
      ['of which `sha1sum`', formatSummary(curlHash, 2, 's'), speed(curlHash.median), ''],
      ['of which curl ticket and upload', formatSummary(curlUpload, 2, 's'), speed(curlUpload.median), ''],
      [
        "estimate with download and upload overlapped, which the up-front `sha1` rules out: the longer of curl's transfers",
        formatSummary(overlapped, 2, 's'),
        speed(overlapped.median),
        formatSummary(overlapRatios, 2, 'x'),
      ],
    ],
  );
  const targets = markdownTable(
    ['target', 'measured (median of runs)', 'result'],
    [
      [
        `relay at most ${TARGET_RATIO.toFixed(1)}x curl's time`,
        formatSummary(ratios, 2, 'x'),
        metOrMissed(ratios.median <= TARGET_RATIO),
      ],
      [
        "(for reference) relay against curl's two transfers alone, without `sha1sum`",
        formatSummary(transferRatios, 2, 'x'),
        '',
      ],
    ],
  );

  return [
    `Runs: ${relay.runs}, one bot process, ${sizeMb} MiB per run (generated by the fake CDN, the same`,
    'bytes for the bot and for curl). The relay and curl take turns going first. Every process',
    "(bench with both fakes, bot, curl) shares the same 2 cores, so the fakes' own work is in both figures.",
    'The bot computes SHA-1 while it downloads and passes it with the ticket request, as the host',
    'contract asks, so the baseline does the same with `sha1sum`; the fake host then verifies the',
    'digest of both uploads.',
    '',
    figures,
    '',
    targets,
  ].join('\n');
}
