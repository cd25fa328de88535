import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dedupePackages } from '../scripts/dedupe-packages.js';
import { makeTempDir } from './support/temp-dir.js';

/** Writes a CommonJS package whose module records, in a shared list, that it was loaded. */
async function writePackage(root: string, name: string, version: string, body: string): Promise<void> {
  await mkdir(root, { recursive: true });
  await writeFile(path.join(root, 'package.json'), JSON.stringify({ name, version, main: 'index.js' }));
  await writeFile(path.join(root, 'index.js'), body);
}

const LOADED = (label: string) =>
  `(globalThis.loaded ??= []).push(${JSON.stringify(label)}); module.exports = ${JSON.stringify(label)};\n`;

describe('dedupePackages', () => {
  let project: string;
  let remove: () => Promise<void>;

  beforeEach(async () => {
    ({ dir: project, remove } = await makeTempDir('dedupe-packages'));
    const modules = path.join(project, 'node_modules');

    // Two packages with their own nested copy of `shared` 1.0.0, and one with 2.0.0.
    const copies = [
      { user: 'first', version: '1.0.0', label: '1.0.0 in first' },
      { user: 'second', version: '1.0.0', label: '1.0.0 in second' },
      { user: 'third', version: '2.0.0', label: '2.0.0' },
    ];
    for (const { user, version, label } of copies) {
      await writePackage(path.join(modules, user), user, '1.0.0', "module.exports = require('shared');\n");
      await writePackage(path.join(modules, user, 'node_modules/shared'), 'shared', version, LOADED(label));
    }

    await writeFile(
      path.join(project, 'entry.js'),
      "globalThis.result = [require('first'), require('second'), require('third')];\n",
    );
  });

  afterEach(async () => {
    await remove();
  });

  async function bundle(
    plugins: ReturnType<typeof dedupePackages>[],
  ): Promise<{ loaded: string[]; result: string[] }> {
    const outfile = path.join(project, 'out.cjs');
    await build({
      absWorkingDir: project,
      entryPoints: ['entry.js'],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      plugins,
      logLevel: 'silent',
    });

    const sandbox: { loaded?: string[]; result?: string[] } = {};
    new Function('globalThis', await readFile(outfile, 'utf8'))(sandbox);
    return { loaded: sandbox.loaded ?? [], result: sandbox.result ?? [] };
  }

  it('bundles one copy of a repeated version', async () => {
    const leftOut = new Set<string>();

    const { loaded, result } = await bundle([dedupePackages(path.join(project, 'node_modules'), leftOut)]);

    expect(result).toEqual(['1.0.0 in first', '1.0.0 in first', '2.0.0']);
    expect(loaded).toEqual(['1.0.0 in first', '2.0.0']);
    expect([...leftOut]).toEqual([path.join('second', 'node_modules', 'shared')]);
  });

  it('keeps every copy without the plugin', async () => {
    const { loaded } = await bundle([]);

    expect(loaded).toEqual(['1.0.0 in first', '1.0.0 in second', '2.0.0']);
  });
});
