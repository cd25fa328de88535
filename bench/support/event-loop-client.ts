import type { ChildProcess } from 'node:child_process';

import type { EventLoopReport } from '../probes/event-loop-probe.js';

export type { EventLoopReport };

/** Talks to the event-loop probe preloaded in the bot's process over its IPC channel. */
export class EventLoopClient {
  constructor(private readonly child: ChildProcess) {}

  /** Clears the probe's histogram and waits until it has. */
  reset(): Promise<void> {
    return this.#ask({ type: 'reset' }, 'reset-done').then(() => undefined);
  }

  /** Returns the event-loop delay since the last reset. */
  report(): Promise<EventLoopReport> {
    return this.#ask({ type: 'report' }, 'event-loop') as Promise<EventLoopReport>;
  }

  #ask(message: { type: string }, answerType: string): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.child.off('message', onMessage);
        reject(new Error(`The event-loop probe did not answer "${message.type}" within 5 s`));
      }, 5000);
      const onMessage = (answer: unknown) => {
        if ((answer as { type?: unknown } | null)?.type !== answerType) return;
        clearTimeout(timer);
        this.child.off('message', onMessage);
        resolve(answer);
      };
      this.child.on('message', onMessage);
      this.child.send(message);
    });
  }
}
