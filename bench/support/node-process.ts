import { type ChildProcess, spawn } from 'node:child_process';

import { ROOT } from './project.js';

/** One line of a child's pino output, with the time the benchmark received it. */
export interface LogLine {
  msg: string;
  /** pino's `time`: epoch milliseconds when the child wrote the line. */
  time: number;
  receivedAt: number;
  fields: Record<string, unknown>;
}

export interface NodeProcessOptions {
  /** The script, relative to the repository root. */
  entry: string;
  /** Node.js flags before the script, e.g. `--max-semi-space-size=2`. */
  nodeFlags?: readonly string[];
  /** The child's whole environment, besides PATH. */
  env: Record<string, string>;
  /** Opens an IPC channel, for the event-loop probe. */
  ipc?: boolean;
}

/**
 * A Node.js program (the bundled bot or the bare client) in its own process, so that its memory
 * is its own. Its stdout and stderr are read as pino JSON lines; other lines are kept as `msg`.
 */
export class NodeProcess {
  readonly child: ChildProcess;
  /** Epoch milliseconds just before `spawn`. */
  readonly spawnedAt: number;
  readonly logs: LogLine[] = [];
  readonly exited: Promise<number | null>;
  #pending = '';
  readonly #waiters = new Set<() => void>();

  constructor(options: NodeProcessOptions) {
    this.spawnedAt = Date.now();
    this.child = spawn(process.execPath, [...(options.nodeFlags ?? []), options.entry], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...options.env },
      stdio: options.ipc === true ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (chunk: Buffer) => this.#collect(chunk));
    this.child.stderr?.on('data', (chunk: Buffer) => this.#collect(chunk));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    if (this.child.pid === undefined) throw new Error('The child process did not start');
    return this.child.pid;
  }

  /** Waits for a log line whose `msg` is `message`, including lines already received. */
  async waitForLog(message: string, timeoutMs: number, after = 0): Promise<LogLine> {
    const deadline = Date.now() + timeoutMs;

    for (;;) {
      const found = this.logs.find((line, index) => index >= after && line.msg === message);
      if (found !== undefined) return found;
      if (this.child.exitCode !== null) {
        throw new Error(
          `The process exited with code ${this.child.exitCode} before logging "${message}":\n${this.tail()}`,
        );
      }
      if (Date.now() > deadline)
        throw new Error(`No "${message}" log line within ${timeoutMs} ms:\n${this.tail()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.#waiters.add(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The last log lines, for error messages. */
  tail(count = 15): string {
    return this.logs
      .slice(-count)
      .map((line) => JSON.stringify({ msg: line.msg, ...line.fields }))
      .join('\n');
  }

  /** Sends SIGTERM (the bot stops gracefully), then SIGKILL after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;

    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  #collect(chunk: Buffer): void {
    this.#pending += chunk.toString('utf8');
    const lines = this.#pending.split('\n');
    this.#pending = lines.pop() ?? '';

    const receivedAt = Date.now();
    for (const text of lines) {
      if (text.trim() !== '') this.logs.push(parseLine(text, receivedAt));
    }
    for (const wake of this.#waiters) wake();
    this.#waiters.clear();
  }
}

function parseLine(text: string, receivedAt: number): LogLine {
  try {
    const fields = JSON.parse(text) as Record<string, unknown>;
    const msg = typeof fields.msg === 'string' ? fields.msg : '';
    const time = typeof fields.time === 'number' ? fields.time : receivedAt;
    return { msg, time, receivedAt, fields };
  } catch {
    // Not pino JSON (a stack trace, a Node.js warning): kept whole as the message.
    return { msg: text, time: receivedAt, receivedAt, fields: {} };
  }
}
