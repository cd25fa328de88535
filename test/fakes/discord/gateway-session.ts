import { randomBytes } from 'node:crypto';

import { GatewayOpcodes } from 'discord-api-types/v10';
import type { GatewayDispatchPayload } from 'discord-api-types/v10';
import WebSocket from 'ws';

/** How many dispatches a session keeps for replay on resume; older ones are dropped first. */
const REPLAY_BUFFER_SIZE = 1000;

/**
 * One gateway session: its sequence numbers and the dispatches sent in it, kept so a client
 * that resumes gets the ones it missed. A session outlives its socket until a new IDENTIFY.
 */
export class GatewaySession {
  readonly id = randomBytes(16).toString('hex');
  readonly intents: number;
  socket: WebSocket | undefined;
  #sequence = 0;
  readonly #sent: GatewayDispatchPayload[] = [];

  constructor(intents: number, socket: WebSocket) {
    this.intents = intents;
    this.socket = socket;
  }

  get sequence(): number {
    return this.#sequence;
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Numbers a dispatch, keeps it for replay and sends it now if the socket is open. */
  dispatch(t: GatewayDispatchPayload['t'], d: unknown): void {
    this.#sequence += 1;
    const payload = { op: GatewayOpcodes.Dispatch, t, s: this.#sequence, d } as GatewayDispatchPayload;

    this.#sent.push(payload);

    if (this.#sent.length > REPLAY_BUFFER_SIZE) {
      this.#sent.shift();
    }

    if (this.connected) {
      this.socket?.send(JSON.stringify(payload));
    }
  }

  /**
   * Attaches a resuming socket and replays every dispatch after `sequence`. Returns false when
   * the buffer has dropped some of them, because then the session cannot resume.
   */
  resume(socket: WebSocket, sequence: number): boolean {
    const oldest = this.#sent[0]?.s ?? this.#sequence + 1;

    if (sequence > this.#sequence || (sequence + 1 < oldest && sequence < this.#sequence)) {
      return false;
    }

    this.socket = socket;

    for (const payload of this.#sent) {
      if (payload.s > sequence) {
        socket.send(JSON.stringify(payload));
      }
    }

    return true;
  }
}
