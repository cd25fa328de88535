import type { ChildProcess } from 'node:child_process';

import type { InteractionHandle } from '../../test/fakes/discord/interaction-handle.js';
import type { DeferralReport } from '../probes/deferral-probe.js';
import { askProbe } from './probe-channel.js';

/** Talks to the deferral probe preloaded in a Discord client's process over its IPC channel. */
export class DeferralClient {
  constructor(private readonly child: ChildProcess) {}

  /** Clears the probe's records, so the next `sinceDispatch` returns only later callbacks. */
  async forget(): Promise<void> {
    await askProbe(this.child, { type: 'deferrals' }, 'deferrals');
  }

  /**
   * Returns, for each handle, the milliseconds from the fake Discord's dispatch to the moment
   * the client wrote the interaction's callback to its socket, and clears the probe's records.
   * Both clocks are the same machine's epoch clock.
   */
  async sinceDispatch(handles: readonly InteractionHandle[]): Promise<number[]> {
    const report = (await askProbe(this.child, { type: 'deferrals' }, 'deferrals')) as DeferralReport;
    const sent = new Map(report.sent);

    return handles.map((handle) => {
      const at = sent.get(handle.id);
      if (at === undefined)
        throw new Error(`The deferral probe saw no callback for interaction ${handle.id}`);
      return at - handle.createdAt;
    });
  }
}
