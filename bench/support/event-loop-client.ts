import type { ChildProcess } from 'node:child_process';

import type { EventLoopReport } from '../probes/event-loop-probe.js';
import { askProbe } from './probe-channel.js';

export type { EventLoopReport };

/** Talks to the event-loop probe preloaded in the bot's process over its IPC channel. */
export class EventLoopClient {
  constructor(private readonly child: ChildProcess) {}

  /** Clears the probe's histogram and waits until it has. */
  async reset(): Promise<void> {
    await askProbe(this.child, { type: 'reset' }, 'reset-done');
  }

  /** Returns the event-loop delay since the last reset. */
  async report(): Promise<EventLoopReport> {
    return (await askProbe(this.child, { type: 'report' }, 'event-loop')) as EventLoopReport;
  }
}
