import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * Returns an esbuild plugin that bundles one copy of a package where `node_modules/`
 * contains several copies of the same version. npm nests such copies when it
 * cannot hoist them: discord.js and @discordjs/rest each get their own
 * undici 6 because the bot depends on undici 7 at the top. Two copies of the
 * same code would both be loaded and kept in memory.
 *
 * Every import that resolves into a later copy is pointed at the first copy
 * in path order, so the choice does not depend on the order of resolution.
 * `leftOut` receives each left-out copy's path relative to `nodeModulesDir`.
 */
export function dedupePackages(nodeModulesDir: string, leftOut: Set<string>): Plugin {
  const canonicalRoots = findDuplicateCopies(nodeModulesDir);

  return {
    name: 'dedupe-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === RESOLVING) return undefined;

        const result = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: RESOLVING,
        });
        if (result.errors.length > 0 || result.external) return undefined;

        for (const [root, canonical] of canonicalRoots) {
          if (!result.path.startsWith(root + path.sep)) continue;
          leftOut.add(path.relative(nodeModulesDir, root));
          return { path: canonical + result.path.slice(root.length), sideEffects: result.sideEffects };
        }
        return undefined;
      });
    },
  };
}

/** Marks the plugin's own `build.resolve` calls, so they do not come back to it. */
const RESOLVING = Symbol('dedupe-packages resolving');

/** Maps each later copy's folder to the first copy's folder, for packages found more than once. */
function findDuplicateCopies(nodeModulesDir: string): Map<string, string> {
  const copies = new Map<string, string[]>();
  collectPackages(nodeModulesDir, copies);

  const canonicalRoots = new Map<string, string>();
  for (const roots of copies.values()) {
    const [first, ...later] = roots.sort();
    if (first === undefined) continue;
    for (const root of later) canonicalRoots.set(root, first);
  }
  return canonicalRoots;
}

/** Records every package folder under `dir` by `name@version`, nested `node_modules/` included. */
function collectPackages(dir: string, copies: Map<string, string[]>): void {
  for (const root of packageFolders(dir)) {
    const manifest = readManifest(root);
    if (manifest !== undefined) {
      const key = `${manifest.name}@${manifest.version}`;
      copies.set(key, [...(copies.get(key) ?? []), root]);
    }
    collectPackages(path.join(root, 'node_modules'), copies);
  }
}

/** Lists the package folders directly in one `node_modules/`, inside scopes too. */
function packageFolders(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    // Most packages have no nested node_modules/.
    return [];
  }

  return entries
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .flatMap((entry) =>
      entry.name.startsWith('@') ? packageFolders(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    );
}

function readManifest(root: string): { name: string; version: string } | undefined {
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      name?: unknown;
      version?: unknown;
    };
    if (typeof manifest.name !== 'string' || typeof manifest.version !== 'string') return undefined;
    return { name: manifest.name, version: manifest.version };
  } catch {
    // A folder without a readable package.json is not a package.
    return undefined;
  }
}
