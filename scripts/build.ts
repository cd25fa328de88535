/**
 * `npm run build`: bundles the bot for `npm start` with esbuild.
 *
 * The entry point and every command module become one ES module each, and the
 * code they share (the bot's modules and its dependencies) goes into chunks,
 * so each module is loaded once. The commands stay separate files because the
 * bot loads them from `commands/` at start-up. The output keeps the layout of
 * the sources: `dist/src/index.js`, `dist/commands/*.js`, `dist/chunks/*.js`.
 *
 * V8 keeps the source text of every module it loads, so a bundle without
 * whitespace and comments costs less memory than hundreds of separate files
 * from `node_modules/`. It also starts faster (figures in docs/benchmarks.md).
 * Names are not minified, so stack traces in the log still name their
 * functions, and the source maps lead back to the TypeScript when Node.js runs
 * with `--enable-source-maps`.
 *
 * esbuild removes types without checking them: `npm run typecheck` does that.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { dedupePackages } from './dedupe-packages.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/**
 * Packages left to Node.js to load at run time: sqlite3 is a native addon, and
 * the others are optional discord.js add-ons that the bot does not install.
 */
const EXTERNAL_PACKAGES = [
  'sqlite3',
  'zlib-sync',
  'bufferutil',
  'utf-8-validate',
  'erlpack',
  '@discordjs/voice',
];

/**
 * Gives the bundle a `require`. Dependencies written as CommonJS (discord.js,
 * pino) call `require` for Node.js built-ins and external packages, and an ES
 * module has none of its own.
 */
const REQUIRE_BANNER =
  "import { createRequire as createRequireForBundle } from 'node:module';\n" +
  'const require = createRequireForBundle(import.meta.url);';

/**
 * Bundles the bot into `outputDir` (relative to the project root), which is emptied first.
 * Returns the package copies left out because an identical copy is bundled in their place.
 */
export async function buildBot(outputDir = 'dist'): Promise<string[]> {
  const commandFiles = (await readdir(path.join(ROOT, 'commands'), { withFileTypes: true }))
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => `commands/${entry.name}`)
    .sort();

  const outdir = path.resolve(ROOT, outputDir);
  for (const part of ['src', 'commands', 'chunks']) {
    await rm(path.join(outdir, part), { recursive: true, force: true });
  }

  const leftOut = new Set<string>();
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/index.ts', ...commandFiles],
    outdir,
    outbase: '.',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: EXTERNAL_PACKAGES,
    plugins: [dedupePackages(path.join(ROOT, 'node_modules'), leftOut)],
    banner: { js: REQUIRE_BANNER },
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'eof',
    sourcemap: 'linked',
    logLevel: 'warning',
  });

  return [...leftOut].sort();
}

const runDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (runDirectly) {
  const outputDir = process.argv[2] ?? 'dist';
  const leftOut = await buildBot(outputDir);
  for (const copy of leftOut) {
    process.stdout.write(`Left out node_modules/${copy}: an identical copy is bundled.\n`);
  }
  process.stdout.write(`Built the bot into ${outputDir}/; start it with npm start.\n`);
}
