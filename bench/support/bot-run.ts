import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { type LogLine, NodeProcess } from './node-process.js';
import { BOT_ENTRY, startScriptFlags } from './project.js';
import type { BenchWorld } from './world.js';

/** The bundled bot in its own process with a fresh data folder, started and ready. */
export interface RunningBotProcess {
  process: NodeProcess;
  ready: LogLine;
  dataDir: string;
  /** Stops the bot (SIGTERM, as a service manager does) and deletes its data folder. */
  stop(): Promise<void>;
}

export interface BotRunOptions {
  /** Variables added to the fakes' configuration, such as relay limits. */
  env?: Record<string, string>;
  /** Node.js flags; those of the start script by default. */
  nodeFlags?: readonly string[];
  /** Compiled preloads for `--import`, such as the event-loop probe. */
  preloads?: readonly string[];
  ipc?: boolean;
}

/** Starts `node [start flags] dist/src/index.js` against the world's fakes and waits for `bot ready`. */
export async function startBotProcess(
  world: BenchWorld,
  options: BotRunOptions = {},
): Promise<RunningBotProcess> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bench-bot-'));
  const flags = [...(options.nodeFlags ?? startScriptFlags())];
  for (const preload of options.preloads ?? []) flags.push('--import', `./${preload}`);

  const bot = new NodeProcess({
    entry: BOT_ENTRY,
    nodeFlags: flags,
    env: world.environment(dataDir, options.env),
    ipc: options.ipc ?? false,
  });

  let ready: LogLine;
  try {
    ready = await bot.waitForLog('bot ready', 30_000);
  } catch (error) {
    await bot.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }

  return {
    process: bot,
    ready,
    dataDir,
    async stop() {
      await bot.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export const MIB = 1024 * 1024;
