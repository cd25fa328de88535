import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The bundled bot's entry, as `npm start` runs it. */
export const BOT_ENTRY = 'dist/src/index.js';

/** The compiled bare discord.js client that P6 compares the bot with. */
export const BARE_CLIENT_ENTRY = 'dist/bench/baseline/bare-client.js';

/** The compiled discord.js client that defers every interaction at once, P4's baseline. */
export const DEFERRING_CLIENT_ENTRY = 'dist/bench/baseline/deferring-client.js';

/** The compiled preload that records when its process writes each interaction callback. */
export const DEFERRAL_PROBE = 'dist/bench/probes/deferral-probe.js';

/** The compiled preload that reports the event-loop delay of the process it runs in. */
export const EVENT_LOOP_PROBE = 'dist/bench/probes/event-loop-probe.js';

/**
 * Returns the Node.js flags of the `start` script in package.json (`node <flags> dist/src/index.js`),
 * so that benchmarks run the bot exactly as production does.
 */
export function startScriptFlags(): string[] {
  const manifest = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as {
    scripts: Record<string, string>;
  };
  const start = manifest.scripts.start ?? '';
  const words = start.split(/\s+/).filter((word) => word !== '');

  if (words[0] !== 'node' || words.at(-1) !== BOT_ENTRY) {
    throw new Error(
      `The start script "${start}" is not "node [flags] ${BOT_ENTRY}"; update bench/support/project.ts`,
    );
  }
  return words.slice(1, -1);
}

/** Describes the build a figure came from, for the report. */
export function buildDescription(flags: readonly string[]): string {
  const shown = flags.length === 0 ? 'no flags' : flags.map((flag) => `\`${flag}\``).join(' ');
  return `bundled (\`npm run build\`, \`node ${BOT_ENTRY}\`), Node.js flags from the start script: ${shown}`;
}

/**
 * Bundles the bot (`npm run build`) and compiles the benchmark's own helpers with tsc (the bare
 * client and the probes). Throws when either build fails, because a figure measured on a stale
 * or broken build would mislead.
 */
export function buildAll(): void {
  run('npm', ['run', 'build', '--silent']);
  run('npx', ['tsc', '-p', 'bench/tsconfig.json']);
}

function run(command: string, args: string[]): void {
  process.stdout.write(`$ ${command} ${args.join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed with exit code ${String(result.status)}; fix the build or pass --no-build`,
    );
  }
}
