import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { describeMachine, machineLine } from './machine.js';

const REPORT_FILE = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url));

const MEASURE_ORDER = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6'] as const;
export type MeasureId = (typeof MEASURE_ORDER)[number];

const HEADER = `# Benchmarks

Measures of the bot against its performance targets. Each \`bench/p*.ts\` script runs the bot
against the fake Discord and the fake video host on 127.0.0.1, repeats the measure, and rewrites
its own section below. P1 to P4 and P6 run the bot as \`npm start\` does, from the bundle that
\`npm run build\` makes, in its own process; P5 runs the watcher in the script's process so that
it can count its requests. Every figure is the median over the runs, with the minimum and
maximum in parentheses. Memory is in MiB, as \`/proc\` and
\`ps\` report it, and the targets' MB are read as MiB.

\`\`\`sh
npm run bench                 # every measure, about 15 minutes on 2 cores
npm run bench -- --quick      # a trial: fewer runs, smaller files, this page left alone
npm run bench:p1 -- --runs 5 --size-mb 1024
\`\`\`

Flags of every script: \`--runs N\`, \`--size-mb N\` (where a file is relayed), \`--quick\`,
\`--no-build\` (use the existing \`dist/\`), \`--no-write\` (leave this page alone). P2 also needs
\`curl\` and \`sha1sum\` on the \`PATH\`.
`;

export interface MeasureSection {
  id: MeasureId;
  title: string;
  /** The command that reproduces the section. */
  command: string;
  /** The build that ran: the bundle in `dist/` and its Node.js flags, or tsx. */
  build: string;
  /** The body: tables and interpretation, in Markdown. */
  body: string;
}

/** Writes or replaces the measure's section of `docs/benchmarks.md`, keeping the others. */
export async function writeSection(section: MeasureSection): Promise<void> {
  const current = await readFile(REPORT_FILE, 'utf8').catch((error: unknown) => {
    // The first benchmark to run creates the page.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return HEADER;
    throw error;
  });

  const sections = new Map<MeasureId, string>();
  for (const id of MEASURE_ORDER) {
    const existing = extractSection(current, id);
    if (existing !== null) sections.set(id, existing);
  }
  sections.set(section.id, renderSection(section));

  // Text before the first section (the page's introduction) is kept as it is.
  const starts = MEASURE_ORDER.map((id) => current.indexOf(startMarker(id))).filter((at) => at >= 0);
  const head = starts.length === 0 ? current : current.slice(0, Math.min(...starts));
  const ordered = MEASURE_ORDER.flatMap((id) => sections.get(id) ?? []);

  await writeFile(REPORT_FILE, `${head.trimEnd()}\n\n${ordered.join('\n\n')}\n`);
  process.stdout.write(`Updated the ${section.id} section of docs/benchmarks.md\n`);
}

function renderSection(section: MeasureSection): string {
  return [
    startMarker(section.id),
    `## ${section.id}: ${section.title}`,
    '',
    `Command: \`${section.command}\`  `,
    `Build: ${section.build}  `,
    `Machine: ${machineLine(describeMachine())}`,
    '',
    section.body.trim(),
    endMarker(section.id),
  ].join('\n');
}

function extractSection(text: string, id: MeasureId): string | null {
  const start = text.indexOf(startMarker(id));
  const end = text.indexOf(endMarker(id));
  if (start < 0 || end < start) return null;

  return text.slice(start, end + endMarker(id).length);
}

function startMarker(id: MeasureId): string {
  return `<!-- bench:${id} start: written by bench/, edits here are replaced -->`;
}

function endMarker(id: MeasureId): string {
  return `<!-- bench:${id} end -->`;
}
