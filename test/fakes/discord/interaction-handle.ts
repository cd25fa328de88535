import { EventEmitter } from 'node:events';

import type {
  APIInteraction,
  APIMessage,
  InteractionResponseType,
  InteractionType,
} from 'discord-api-types/v10';

import type { RecordedFile } from './multipart.js';
import { waitUntil } from './waiter.js';

/** What the bot did with an interaction: its callback, an edit or delete of `@original`, a follow-up. */
export type InteractionResponseKind =
  'callback' | 'original-edit' | 'original-delete' | 'followup' | 'followup-edit' | 'followup-delete';

export interface InteractionResponse {
  kind: InteractionResponseKind;
  /** For callbacks, the response type: 4 message, 5 deferred, 6 deferred update, 7 update, 8 choices, 9 modal. */
  type: InteractionResponseType | undefined;
  /** The message created or changed, when there is one. */
  messageId: string | undefined;
  /** The request's JSON body (for callbacks, `{ type, data }`). */
  body: Record<string, unknown>;
  /** The message part of the body: `body.data` for callbacks, the body itself otherwise. */
  data: Record<string, unknown>;
  files: RecordedFile[];
  /** The flags of the resulting message, or of `data.flags` when no message is involved; 64 is ephemeral. */
  flags: number;
  ephemeral: boolean;
  at: number;
}

/** The interaction's state as the fake's routes track it. */
export interface InteractionProgress {
  /** The callback type once acknowledged. */
  acknowledgedWith: InteractionResponseType | undefined;
  /** The message `@original` refers to, once there is one. */
  originalMessageId: string | undefined;
  /** True between a deferred message callback and the first edit or follow-up that fills it. */
  loading: boolean;
  followUpIds: string[];
}

interface HandleEvents {
  response: [InteractionResponse];
}

/**
 * One interaction the fake dispatched, with the bot's responses. Tests await `callback()` or
 * `waitFor()`, and routes record responses through `record()`.
 */
export class InteractionHandle {
  readonly id: string;
  readonly token: string;
  readonly type: InteractionType;
  readonly payload: APIInteraction;
  readonly createdAt: number;
  /** The message a component or modal submit came from; `@original` starts as this message. */
  readonly sourceMessageId: string | undefined;
  /** Callbacks after this time (epoch milliseconds) get 10062 Unknown interaction. */
  acknowledgeDeadline: number;
  /** Webhook requests after this time (epoch milliseconds) get 50027 Invalid Webhook Token. */
  tokenExpiresAt: number;
  readonly progress: InteractionProgress = {
    acknowledgedWith: undefined,
    originalMessageId: undefined,
    loading: false,
    followUpIds: [],
  };
  readonly #responses: InteractionResponse[] = [];
  readonly #events = new EventEmitter<HandleEvents>();
  readonly #readMessage: (id: string) => APIMessage | undefined;

  constructor(options: {
    payload: APIInteraction;
    sourceMessageId?: string;
    acknowledgeWindowMs: number;
    tokenLifetimeMs: number;
    readMessage: (id: string) => APIMessage | undefined;
  }) {
    this.payload = options.payload;
    this.id = options.payload.id;
    this.token = options.payload.token;
    this.type = options.payload.type;
    this.sourceMessageId = options.sourceMessageId;
    this.createdAt = Date.now();
    this.acknowledgeDeadline = this.createdAt + options.acknowledgeWindowMs;
    this.tokenExpiresAt = this.createdAt + options.tokenLifetimeMs;
    this.#readMessage = options.readMessage;
  }

  /** Waits for the first callback (the acknowledgement) and returns it. */
  callback(timeoutMs = 5000): Promise<InteractionResponse> {
    return this.waitFor((response) => response.kind === 'callback', timeoutMs);
  }

  /** Returns every response so far, in the order the fake received them. */
  responses(): InteractionResponse[] {
    return [...this.#responses];
  }

  /** Waits for a response, past or future, that satisfies `predicate`. */
  waitFor(
    predicate: (response: InteractionResponse) => boolean,
    timeoutMs = 5000,
  ): Promise<InteractionResponse> {
    return waitUntil(
      this.#events,
      'response',
      () => this.#responses.find(predicate),
      timeoutMs,
      `Interaction ${this.id} got no matching response within ${timeoutMs} ms; responses so far: ${this.#describe()}`,
    );
  }

  /** Ends the token's 15-minute lifetime now, so later webhook requests get 50027. */
  expireToken(): void {
    this.tokenExpiresAt = Date.now();
  }

  /** Returns the current state of the `@original` message, or undefined when there is none. */
  original(): APIMessage | undefined {
    const id = this.progress.originalMessageId;
    return id === undefined ? undefined : this.#readMessage(id);
  }

  /** Returns the current state of each follow-up message, oldest first. */
  followUps(): APIMessage[] {
    return this.progress.followUpIds.flatMap((id) => this.#readMessage(id) ?? []);
  }

  record(response: InteractionResponse): void {
    this.#responses.push(response);
    this.#events.emit('response', response);
  }

  #describe(): string {
    if (this.#responses.length === 0) {
      return 'none';
    }

    return this.#responses
      .map((response) => `${response.kind}${response.type ? ` ${response.type}` : ''}`)
      .join(', ');
  }
}
