/**
 * `npm run bench`: builds once, then runs every measure in turn, each in its own process, and
 * passes the given flags on (`npm run bench -- --quick`). Stops at the first script that fails.
 */
import { spawnSync } from 'node:child_process';

import { buildAll, ROOT } from './support/project.js';

const SCRIPTS = [
  'bench/p1-relay-memory.ts',
  'bench/p2-relay-throughput.ts',
  'bench/p3-event-loop.ts',
  'bench/p4-defer-burst.ts',
  'bench/p5-watch-requests.ts',
  'bench/p6-startup-footprint.ts',
];

if (process.argv.includes('--help')) {
  process.stdout.write(
    'npm run bench [-- --runs N] [--quick] [--no-build] [--no-write]: every measure in turn.\n' +
      '--quick runs fewer and smaller measures and never writes docs/benchmarks.md.\n' +
      'Each script also runs alone, e.g. npm run bench:p1 -- --help.\n',
  );
  process.exit(0);
}

const passed = process.argv.slice(2).filter((flag) => flag !== '--no-build');
// --size-mb means different things to different scripts, so only the common flags are passed on.
if (passed.some((flag) => flag.startsWith('--size-mb'))) {
  throw new Error(
    'npm run bench takes --runs, --quick and --no-write; give --size-mb to one script (npm run bench:p1 -- --size-mb 1024)',
  );
}

if (!process.argv.includes('--no-build')) buildAll();

const started = Date.now();
for (const script of SCRIPTS) {
  process.stdout.write(`\n=== ${script}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', script, '--no-build', ...passed], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    process.stderr.write(`${script} failed with exit code ${String(result.status)}\n`);
    process.exit(1);
  }
}
process.stdout.write(`\nEvery benchmark finished in ${((Date.now() - started) / 60_000).toFixed(1)} min\n`);
