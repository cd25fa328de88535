import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

import {
  GatewayCloseCodes,
  GatewayDispatchEvents,
  GatewayIntentBits,
  GatewayOpcodes,
} from 'discord-api-types/v10';
import type { GatewayDispatchPayload, GatewayReadyDispatchData } from 'discord-api-types/v10';
import { WebSocketServer } from 'ws';
import type WebSocket from 'ws';

import { applicationFlags, PRIVILEGED_INTENTS } from './application.js';
import type { FakeContext } from './context.js';
import { GatewaySession } from './gateway-session.js';

/** Counts of what clients did on the gateway, for tests. */
export interface GatewayStats {
  connections: number;
  /** Connections opened on `resume_gateway_url` rather than the URL from `GET /gateway/bot`. */
  resumeUrlConnections: number;
  identifies: number;
  resumes: number;
  heartbeats: number;
  /** The intents of the latest IDENTIFY. */
  intents: number | undefined;
  /** Close codes the fake sent, in order. */
  closeCodes: number[];
  /** Sessions that exist now, connected or waiting to resume. */
  sessions: number;
}

/** The path of the gateway URL that `GET /gateway/bot` returns. */
export const GATEWAY_PATH = '/gateway';
const RESUME_PATH = '/gateway-resume';
const KNOWN_INTENTS = Object.values(GatewayIntentBits)
  .filter((value): value is number => typeof value === 'number')
  .reduce((all, bit) => all | bit, 0);

/** Dispatches that need an intent; INTERACTION_CREATE and READY need none. */
function requiredIntent(t: GatewayDispatchPayload['t'], d: unknown): number {
  switch (t) {
    case GatewayDispatchEvents.GuildCreate:
    case GatewayDispatchEvents.ChannelCreate:
      return GatewayIntentBits.Guilds;
    case GatewayDispatchEvents.MessageCreate:
      return (d as { guild_id?: string }).guild_id === undefined
        ? GatewayIntentBits.DirectMessages
        : GatewayIntentBits.GuildMessages;
    default:
      return 0;
  }
}

/**
 * The fake gateway: JSON text frames without compression, HELLO, IDENTIFY -> READY and one
 * GUILD_CREATE per guild, heartbeats, RESUME with replay of missed dispatches, and the close
 * codes Discord uses for bad tokens, intents and opcodes.
 */
export class GatewayServer {
  readonly #stats: Omit<GatewayStats, 'sessions'> = {
    connections: 0,
    resumeUrlConnections: 0,
    identifies: 0,
    resumes: 0,
    heartbeats: 0,
    intents: undefined,
    closeCodes: [],
  };
  readonly #context: FakeContext;
  readonly #server = new WebSocketServer({ noServer: true });
  readonly #sessions = new Map<string, GatewaySession>();

  constructor(context: FakeContext) {
    this.#context = context;
  }

  /** Returns a copy of the counters, with the current number of sessions. */
  snapshot(): GatewayStats {
    return { ...this.#stats, closeCodes: [...this.#stats.closeCodes], sessions: this.#sessions.size };
  }

  get url(): string {
    return this.#context.gatewayUrl;
  }

  get resumeUrl(): string {
    return `${this.#context.origin.replace(/^http/, 'ws')}${RESUME_PATH}`;
  }

  /** Accepts WebSocket upgrades on the gateway and resume paths; returns false for other paths. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');

    if (url.pathname !== GATEWAY_PATH && url.pathname !== RESUME_PATH) {
      return false;
    }

    this.#server.handleUpgrade(request, socket, head, (ws) => {
      this.#stats.connections += 1;

      if (url.pathname === RESUME_PATH) {
        this.#stats.resumeUrlConnections += 1;
      }

      this.#accept(ws, url.searchParams);
    });
    return true;
  }

  /**
   * Sends a dispatch in every session whose intents allow it; sessions without a socket keep it
   * for resume. `redact` returns fields to blank for a session's intents, or undefined for none.
   */
  dispatch(
    t: GatewayDispatchPayload['t'],
    d: unknown,
    redact?: (intents: number) => Record<string, unknown> | undefined,
  ): number {
    const intent = requiredIntent(t, d);
    let delivered = 0;

    for (const session of this.#sessions.values()) {
      if ((session.intents & intent) === intent) {
        const blanked = redact?.(session.intents);
        session.dispatch(t, blanked === undefined ? d : { ...(d as object), ...blanked });
        delivered += 1;
      }
    }

    return delivered;
  }

  /** Returns true when some session exists, connected or waiting to resume. */
  hasSession(): boolean {
    return this.#sessions.size > 0;
  }

  /**
   * Drops every connection while keeping the sessions resumable: a close code (4000 by default)
   * or `terminate` to cut the socket without a close frame, which clients see as 1006.
   */
  drop(code: number | 'terminate' = GatewayCloseCodes.UnknownError): void {
    for (const session of this.#sessions.values()) {
      const socket = session.socket;
      session.socket = undefined;

      if (code === 'terminate') {
        socket?.terminate();
      } else {
        this.#close(socket, code);
      }
    }
  }

  /** Sends opcode 7 Reconnect, which makes clients reconnect and resume. */
  requestReconnect(): void {
    this.#broadcastOp(GatewayOpcodes.Reconnect, null);
  }

  /** Sends opcode 9 Invalid Session; with `resumable` false clients must identify again. */
  invalidateSessions(resumable = false): void {
    this.#broadcastOp(GatewayOpcodes.InvalidSession, resumable);

    if (!resumable) {
      this.#sessions.clear();
    }
  }

  close(): void {
    for (const client of this.#server.clients) {
      client.terminate();
    }

    this.#sessions.clear();
    this.#server.close();
  }

  #broadcastOp(op: GatewayOpcodes, d: unknown): void {
    for (const session of this.#sessions.values()) {
      session.socket?.send(JSON.stringify({ op, d, s: null, t: null }));
    }
  }

  #accept(ws: WebSocket, query: URLSearchParams): void {
    if (query.get('v') !== '10') {
      this.#close(ws, GatewayCloseCodes.InvalidAPIVersion);
      return;
    }

    if (query.get('encoding') !== 'json' || query.has('compress')) {
      // NOTE: the fake speaks uncompressed JSON only; Discord also offers etf and zlib-stream.
      this.#close(ws, GatewayCloseCodes.DecodeError);
      return;
    }

    const connection = { session: undefined as GatewaySession | undefined };
    ws.on('message', (data, isBinary) => this.#onMessage(ws, connection, data.toString(), isBinary));
    ws.on('close', (code) => {
      const session = connection.session;

      if (session?.socket !== ws) {
        return;
      }

      session.socket = undefined;

      // A client that closes with 1000 or 1001 ends its session, so it cannot resume it.
      if (code === 1000 || code === 1001) {
        this.#sessions.delete(session.id);
      }
    });
    ws.send(
      JSON.stringify({
        op: GatewayOpcodes.Hello,
        d: { heartbeat_interval: this.#context.options.heartbeatIntervalMs },
        s: null,
        t: null,
      }),
    );
  }

  #onMessage(
    ws: WebSocket,
    connection: { session: GatewaySession | undefined },
    text: string,
    isBinary: boolean,
  ): void {
    const payload = isBinary ? undefined : parsePayload(text);

    if (payload === undefined) {
      this.#close(ws, GatewayCloseCodes.DecodeError);
      return;
    }

    switch (payload.op) {
      case GatewayOpcodes.Heartbeat:
        this.#stats.heartbeats += 1;
        ws.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck }));
        return;
      case GatewayOpcodes.Identify:
        connection.session = this.#identify(ws, connection.session, payload.d);
        return;
      case GatewayOpcodes.Resume:
        connection.session = this.#resume(ws, connection.session, payload.d);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
        if (connection.session === undefined) {
          this.#close(ws, GatewayCloseCodes.NotAuthenticated);
        }
        return;
      default:
        this.#close(ws, GatewayCloseCodes.UnknownOpcode);
    }
  }

  #identify(ws: WebSocket, current: GatewaySession | undefined, data: unknown): GatewaySession | undefined {
    const { token, intents, shard } = (data ?? {}) as { token?: unknown; intents?: unknown; shard?: unknown };
    const code = this.#identifyError(current, token, intents, shard);

    if (code !== undefined) {
      this.#close(ws, code);
      return current;
    }

    const session = new GatewaySession(intents as number, ws);
    // NOTE: the fake keeps one session per bot: a new IDENTIFY replaces older sessions, whose
    // sockets get no more dispatches. Discord lets several sessions run at once.
    this.#sessions.clear();
    this.#sessions.set(session.id, session);
    this.#stats.identifies += 1;
    this.#stats.intents = session.intents;
    this.#sendReady(session);
    return session;
  }

  #identifyError(
    current: GatewaySession | undefined,
    token: unknown,
    intents: unknown,
    shard: unknown,
  ): number | undefined {
    if (current !== undefined) {
      return GatewayCloseCodes.AlreadyAuthenticated;
    }

    if (token !== this.#context.options.token) {
      return GatewayCloseCodes.AuthenticationFailed;
    }

    if (typeof intents !== 'number' || (intents & ~KNOWN_INTENTS) !== 0) {
      return GatewayCloseCodes.InvalidIntents;
    }

    if ((intents & PRIVILEGED_INTENTS & ~this.#context.options.privilegedIntents) !== 0) {
      return GatewayCloseCodes.DisallowedIntents;
    }

    if (shard !== undefined && JSON.stringify(shard) !== '[0,1]') {
      return GatewayCloseCodes.InvalidShard;
    }

    return undefined;
  }

  #sendReady(session: GatewaySession): void {
    const { state, payloads, applicationId, options } = this.#context;
    const guilds = [...state.guilds.values()];
    const flags = applicationFlags(options.privilegedIntents);
    const ready: GatewayReadyDispatchData = {
      v: 10,
      user: payloads.user(state.botUser),
      guilds: guilds.map((guild) => ({ id: guild.id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.resumeUrl,
      shard: [0, 1],
      application: { id: applicationId, flags, flags_new: String(flags) },
    };

    session.dispatch(GatewayDispatchEvents.Ready, ready);

    // Discord sends every guild of READY again, complete, in a GUILD_CREATE of its own.
    for (const guild of guilds) {
      session.dispatch(GatewayDispatchEvents.GuildCreate, payloads.guildCreate(guild));
    }
  }

  /** Resumes a session and replays what it missed, or sends Invalid Session (not resumable). */
  #resume(ws: WebSocket, current: GatewaySession | undefined, data: unknown): GatewaySession | undefined {
    const {
      token,
      session_id: sessionId,
      seq,
    } = (data ?? {}) as { token?: unknown; session_id?: unknown; seq?: unknown };

    if (current !== undefined) {
      this.#close(ws, GatewayCloseCodes.AlreadyAuthenticated);
      return current;
    }

    if (token !== this.#context.options.token) {
      this.#close(ws, GatewayCloseCodes.AuthenticationFailed);
      return undefined;
    }

    const session = this.#sessions.get(typeof sessionId === 'string' ? sessionId : '');

    // A client resumes after giving up on its old socket; like Discord, drop that socket if still open.
    if (session?.connected) {
      session.socket?.terminate();
    }

    if (session === undefined || typeof seq !== 'number' || !session.resume(ws, seq)) {
      ws.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null }));
      return undefined;
    }

    this.#stats.resumes += 1;
    session.dispatch(GatewayDispatchEvents.Resumed, null);
    return session;
  }

  #close(ws: WebSocket | undefined, code: number): void {
    if (ws === undefined) {
      return;
    }

    this.#stats.closeCodes.push(code);
    ws.close(code);
  }
}

function parsePayload(text: string): { op: number; d: unknown } | undefined {
  try {
    const value = JSON.parse(text) as { op?: unknown; d?: unknown };
    return typeof value.op === 'number' ? { op: value.op, d: value.d } : undefined;
  } catch {
    // The caller closes the socket with 4002 for malformed frames.
    return undefined;
  }
}
