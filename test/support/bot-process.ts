import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

type LogRecord = Record<string, unknown>;

/**
 * The bot as a real process, `npx tsx src/index.ts` unless another command
 * is given, for tests that kill it with SIGKILL or run the build. It runs in
 * its own process group, so a kill reaches npx, tsx and the node process
 * running the bot alike. Its JSON log lines are kept.
 */
export class BotProcess {
  readonly records: LogRecord[] = [];
  readonly stderr: string[] = [];
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  #waiters: Array<() => void> = [];

  private constructor(env: Record<string, string>, command: readonly string[]) {
    const [program = 'npx', ...args] = command;
    this.#child = spawn(program, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.#exited = once(this.#child, 'exit').then(() => undefined);

    let pending = '';
    this.#child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) this.#take(line);
    });
    this.#child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
  }

  /** Starts the bot and resolves once it logged "bot ready". */
  static async start(
    env: Record<string, string>,
    timeoutMs = 20_000,
    command: readonly string[] = ['npx', 'tsx', 'src/index.ts'],
  ): Promise<BotProcess> {
    const bot = new BotProcess(env, command);
    await bot.waitForLog((record) => record.msg === 'bot ready', timeoutMs);
    return bot;
  }

  /** Waits for a log record, past or future, that satisfies `predicate`. */
  async waitForLog(predicate: (record: LogRecord) => boolean, timeoutMs = 10_000): Promise<LogRecord> {
    const deadline = Date.now() + timeoutMs;

    for (;;) {
      const found = this.records.find(predicate);
      if (found !== undefined) return found;
      if (this.#child.exitCode !== null) {
        throw new Error(`The bot exited with ${this.#child.exitCode}: ${this.#stderrTail()}`);
      }

      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`No matching log line within ${timeoutMs} ms; stderr: ${this.#stderrTail()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 200));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Kills the whole process group with SIGKILL (no shutdown code runs) and waits for the exit. */
  async kill(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    process.kill(-(this.#child.pid ?? 0), 'SIGKILL');
    await this.#exited;
  }

  /**
   * Returns the last 4000 characters of stderr, because a bundle's stack trace
   * can quote a whole minified line.
   */
  #stderrTail(): string {
    return this.stderr.join('').slice(-4000);
  }

  #take(line: string): void {
    if (!line.startsWith('{')) return;
    try {
      this.records.push(JSON.parse(line) as LogRecord);
    } catch {
      // Not a log record (a stray line from npx); only records are of interest.
      return;
    }

    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
