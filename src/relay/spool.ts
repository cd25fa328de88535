/**
 * The spool: a folder of temporary files, one per relay, holding an attachment between its
 * download and its upload so that a failed upload can be retried without downloading again.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/** Spool file names: a fixed prefix, 16 random hex digits, a fixed suffix. Nothing of the user's name. */
const SPOOL_FILE = /^relay-[0-9a-f]{16}\.part$/;

/** Returns the spool folder under the bot's data folder. */
export function spoolDirectory(dataDir: string): string {
  return path.join(dataDir, 'spool');
}

/** Creates the spool folder if needed and returns a fresh, unused file path inside it. */
export async function createSpoolPath(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });

  return path.join(dir, `relay-${randomBytes(8).toString('hex')}.part`);
}

/** Deletes a spool file; a file that is already gone is not an error. */
export async function removeSpoolFile(file: string): Promise<void> {
  await rm(file, { force: true });
}

/**
 * Runs `work` with a fresh spool path and deletes the file afterwards, whether `work` resolved,
 * threw or was cancelled. An error from the deletion itself is not allowed to hide the outcome of
 * `work`, so a failed deletion after a failed `work` rethrows the error of `work`.
 */
export async function withSpoolFile<T>(dir: string, work: (file: string) => Promise<T>): Promise<T> {
  const file = await createSpoolPath(dir);
  let succeeded = false;

  try {
    const result = await work(file);
    succeeded = true;
    return result;
  } finally {
    await removeSpoolFile(file).catch((error: unknown) => {
      // After a failure the original error matters more; after a success, a leftover file must not pass silently.
      if (succeeded) throw error;
    });
  }
}

/**
 * Deletes spool files left by an earlier run (a crash, a kill) and returns how many it deleted.
 * Run it at start-up only: it cannot tell a leftover from the file of a relay in progress, so
 * two bot instances must not share a data folder. Other files in the folder are left alone.
 */
export async function cleanSpool(dir: string): Promise<number> {
  let names: string[];

  try {
    names = await readdir(dir);
  } catch (error) {
    // No spool folder yet means nothing was left behind.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }

  const leftovers = names.filter((name) => SPOOL_FILE.test(name));
  await Promise.all(leftovers.map((name) => removeSpoolFile(path.join(dir, name))));

  return leftovers.length;
}
