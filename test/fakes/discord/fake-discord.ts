import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { Duplex } from 'node:stream';

import { GatewayDispatchEvents } from 'discord-api-types/v10';
import type {
  APIApplicationCommand,
  APIMessage,
  APIUser,
  GatewayDispatchPayload,
} from 'discord-api-types/v10';

import type { AttachmentSpec } from './attachment.js';
import { FakeAttachment } from './attachment.js';
import type { CdnRequest } from './cdn.js';
import { isCdnPath, serveCdnRequest } from './cdn.js';
import { CommandStore } from './command-store.js';
import type { FakeContext } from './context.js';
import type { GatewayStats } from './gateway.js';
import { GATEWAY_PATH, GatewayServer } from './gateway.js';
import { sendJson } from './http-io.js';
import { InteractionHandle } from './interaction-handle.js';
import type {
  AutocompleteInput,
  BuiltInteraction,
  ButtonInput,
  MessageCommandInput,
  ModalSubmitInput,
  SelectMenuInput,
  SlashCommandInput,
  UserCommandInput,
} from './interactions.js';
import { InteractionFactory } from './interactions.js';
import type { FakeDiscordOptions } from './options.js';
import { botToken, DEFAULT_BOT_PERMISSIONS, DEFAULT_BOT_USERNAME, resolveOptions } from './options.js';
import { PayloadBuilder } from './payloads.js';
import type { RateLimitOptions } from './rate-limits.js';
import { RateLimits } from './rate-limits.js';
import type { ChannelRecord, GuildRecord, MemberRecord, UserRecord } from './records.js';
import type { RecordedRequest } from './rest.js';
import { handleRestRequest, REST_PREFIX } from './rest.js';
import { createRouter } from './routes/index.js';
import type { Router } from './router.js';
import type { CreateChannelOptions } from './state.js';
import { DiscordState } from './state.js';
import type { UserMessageOptions } from './user-message.js';
import { postUserMessage } from './user-message.js';
import { waitUntil } from './waiter.js';

/**
 * A fake Discord on 127.0.0.1: REST under `/api/v10`, a gateway a real discord.js Client logs
 * into, a CDN for attachments, and a driver API for tests. Start it with `FakeDiscord.start()`
 * and point the client at `restUrl` and `cdnUrl`.
 */
export class FakeDiscord {
  /** `http://127.0.0.1:<port>`; REST, CDN and gateway share this origin. */
  readonly origin: string;
  readonly token: string;
  readonly applicationId: string;
  /** Every REST request, in arrival order, with the status it got. */
  readonly requests: RecordedRequest[] = [];
  /** Every CDN request, in arrival order. */
  readonly cdnRequests: CdnRequest[] = [];
  /** Unexpected exceptions inside the fake's routes, which got a 500; tests can assert it stays empty. */
  readonly internalErrors: Error[] = [];
  readonly #server: Server;
  readonly #context: FakeContext;
  readonly #router: Router;
  readonly #rateLimits = new RateLimits();
  readonly #gateway: GatewayServer;
  readonly #factory: InteractionFactory;

  private constructor(server: Server, origin: string, options: FakeDiscordOptions) {
    this.#server = server;
    this.origin = origin;

    const state = new DiscordState(
      options.botUsername ?? DEFAULT_BOT_USERNAME,
      options.botPermissions ?? DEFAULT_BOT_PERMISSIONS,
    );
    const resolved = resolveOptions(options, botToken(state.botUser.id));
    this.token = resolved.token;
    this.applicationId = state.botUser.id;
    this.#context = {
      state,
      payloads: new PayloadBuilder(state, origin, this.applicationId),
      commands: new CommandStore(state.ids, this.applicationId),
      interactions: new Map(),
      options: resolved,
      applicationId: this.applicationId,
      origin,
      gatewayUrl: `${origin.replace(/^http/, 'ws')}${GATEWAY_PATH}`,
      signingSecret: randomBytes(32).toString('hex'),
    };
    this.#gateway = new GatewayServer(this.#context);
    this.#factory = new InteractionFactory(this.#context);

    this.#router = createRouter(this.#context);
    this.#forwardStateToGateway();

    server.on('request', (request, response) => void this.#onRequest(request, response));
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (!this.#gateway.handleUpgrade(request, socket, head)) {
        socket.destroy();
      }
    });
  }

  /** Starts a fake on 127.0.0.1 with a free port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });

    const address = server.address();

    if (address === null || typeof address === 'string') {
      throw new Error('The fake Discord server has no TCP address');
    }

    return new FakeDiscord(server, `http://127.0.0.1:${address.port}`, options);
  }

  /** The value for discord.js's `rest.api` option; discord.js appends `/v10`. */
  get restUrl(): string {
    return `${this.origin}/api`;
  }

  /** The value for discord.js's `rest.cdn` option, and the origin of attachment URLs. */
  get cdnUrl(): string {
    return this.origin;
  }

  get gatewayUrl(): string {
    return this.#gateway.url;
  }

  get botUser(): APIUser {
    return this.#context.payloads.user(this.#context.state.botUser);
  }

  get gatewayStats(): GatewayStats {
    return this.#gateway.snapshot();
  }

  // --- The world: users, guilds, channels -------------------------------------------------

  createUser(options: { username: string; globalName?: string; allowDms?: boolean }): UserRecord {
    return this.#context.state.createUser(options);
  }

  /** Creates a guild with the bot in it; without `ownerId` a new user owns it. */
  createGuild(options: { name: string; ownerId?: string; uploadLimitBytes?: number }): GuildRecord {
    return this.#context.state.createGuild(options);
  }

  createChannel(guildId: string, options: CreateChannelOptions): ChannelRecord {
    return this.#context.state.createChannel(guildId, options);
  }

  /** Adds a member; `permissions` (a bit set such as `PermissionFlagsBits.ManageGuild`) come as a role of their own. */
  addMember(
    guildId: string,
    userId: string,
    options: { permissions?: bigint; nick?: string } = {},
  ): MemberRecord {
    return this.#context.state.addMember(guildId, userId, options);
  }

  createDmChannel(userId: string): ChannelRecord {
    return this.#context.state.dmChannel(userId);
  }

  // --- Attachments and user messages ------------------------------------------------------

  /** Stores an attachment on the CDN; it gets its URL when a message or command uses it. */
  createAttachment(spec: AttachmentSpec): FakeAttachment {
    const attachment = new FakeAttachment(this.#context.state.ids.next(), spec, this.#context.signingSecret);
    this.#context.state.attachments.set(attachment.id, attachment);
    return attachment;
  }

  /** Posts a message as a user; see `postUserMessage` in user-message.ts for the gateway side. */
  postUserMessage(channelId: string, options: UserMessageOptions): APIMessage {
    return postUserMessage(this.#context, this.#gateway, channelId, options);
  }

  // --- Interactions -----------------------------------------------------------------------

  slashCommand(input: SlashCommandInput): InteractionHandle {
    return this.#dispatchInteraction(this.#factory.slashCommand(input));
  }

  autocomplete(input: AutocompleteInput): InteractionHandle {
    return this.#dispatchInteraction(this.#factory.autocomplete(input));
  }

  messageCommand(input: MessageCommandInput): InteractionHandle {
    return this.#dispatchInteraction(this.#factory.messageCommand(input));
  }

  userCommand(input: UserCommandInput): InteractionHandle {
    return this.#dispatchInteraction(this.#factory.userCommand(input));
  }

  button(input: ButtonInput): InteractionHandle {
    return this.#dispatchInteraction(this.#factory.button(input));
  }

  selectMenu(input: SelectMenuInput): InteractionHandle {
    return this.#dispatchInteraction(this.#factory.selectMenu(input));
  }

  modalSubmit(input: ModalSubmitInput): InteractionHandle {
    return this.#dispatchInteraction(this.#factory.modalSubmit(input));
  }

  interaction(id: string): InteractionHandle | undefined {
    return this.#context.interactions.get(id);
  }

  // --- Reading back -----------------------------------------------------------------------

  /** Returns the channel's visible messages (not ephemeral, not deleted), oldest first. */
  channelMessages(channelId: string): APIMessage[] {
    return this.#context.state
      .channelMessages(channelId)
      .map((message) => this.#context.payloads.message(message));
  }

  /** Returns the messages of the bot's DM channel with a user, oldest first, or none without a DM channel. */
  dmMessages(userId: string): APIMessage[] {
    const channel = [...this.#context.state.channels.values()].find(
      (candidate) => candidate.recipientId === userId,
    );
    return channel === undefined ? [] : this.channelMessages(channel.id);
  }

  /** Any message by ID, ephemeral ones included; undefined when unknown or deleted. */
  message(id: string): APIMessage | undefined {
    const message = this.#context.state.messages.get(id);
    return message === undefined || message.deleted ? undefined : this.#context.payloads.message(message);
  }

  /** Waits until a visible message of the channel, new or edited, satisfies `predicate`. */
  waitForMessage(
    channelId: string,
    predicate: (message: APIMessage) => boolean,
    timeoutMs = 5000,
  ): Promise<APIMessage> {
    return waitUntil(
      this.#context.state,
      ['messageCreate', 'messageUpdate'],
      () => this.channelMessages(channelId).find(predicate),
      timeoutMs,
      `No message in channel ${channelId} matched within ${timeoutMs} ms`,
    );
  }

  registeredCommands(guildId?: string): APIApplicationCommand[] {
    return this.#context.commands.list(guildId);
  }

  /** Reads an attachment's bytes as the CDN would send them (whole, so only for small files). */
  async attachmentBytes(attachmentId: string): Promise<Buffer> {
    const attachment = this.#context.state.attachments.get(attachmentId);

    if (attachment === undefined) {
      throw new Error(`Unknown attachment ${attachmentId}`);
    }

    const chunks: Buffer[] = [];

    for await (const chunk of attachment.open()) {
      chunks.push(chunk as Buffer);
    }

    return Buffer.concat(chunks);
  }

  // --- Faults -----------------------------------------------------------------------------

  /** Makes the next `times` requests matching `METHOD route` fail with 429 (see RateLimits). */
  rateLimit(route: string, options: RateLimitOptions = {}): void {
    this.#rateLimits.add(route, options);
  }

  /** Closes gateway connections, keeping sessions resumable (default code 4000; `terminate` for no close frame). */
  dropGateway(code?: number | 'terminate'): void {
    this.#gateway.drop(code);
  }

  /** Sends opcode 7 Reconnect. */
  requestGatewayReconnect(): void {
    this.#gateway.requestReconnect();
  }

  /** Sends opcode 9 Invalid Session; not resumable unless `resumable`. */
  invalidateGatewaySession(resumable = false): void {
    this.#gateway.invalidateSessions(resumable);
  }

  /** Sends a raw dispatch in every session whose intents allow it; returns how many sessions got it. */
  dispatch(t: GatewayDispatchPayload['t'], d: unknown): number {
    return this.#gateway.dispatch(t, d);
  }

  async close(): Promise<void> {
    this.#gateway.close();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #dispatchInteraction(built: BuiltInteraction): InteractionHandle {
    if (!this.#gateway.hasSession()) {
      throw new Error(
        'No gateway session: log a discord.js Client in to the fake before dispatching interactions',
      );
    }

    const { state, payloads, options, interactions } = this.#context;
    const handle = new InteractionHandle({
      payload: built.payload,
      sourceMessageId: built.sourceMessageId,
      acknowledgeWindowMs: options.acknowledgeWindowMs,
      tokenLifetimeMs: options.tokenLifetimeMs,
      readMessage: (id) => {
        const message = state.messages.get(id);
        return message === undefined || message.deleted ? undefined : payloads.message(message);
      },
    });

    interactions.set(handle.id, handle);
    this.#gateway.dispatch(GatewayDispatchEvents.InteractionCreate, built.payload);
    return handle;
  }

  #forwardStateToGateway(): void {
    const { state, payloads } = this.#context;

    state.on('guildCreate', (guild) =>
      this.#gateway.dispatch(GatewayDispatchEvents.GuildCreate, payloads.guildCreate(guild)),
    );
    state.on('channelCreate', (channel) =>
      this.#gateway.dispatch(GatewayDispatchEvents.ChannelCreate, payloads.channel(channel)),
    );
  }

  async #onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin);

    if (url.pathname.startsWith(`${REST_PREFIX}/`)) {
      await handleRestRequest(request, response, url, {
        router: this.#router,
        context: this.#context,
        rateLimits: this.#rateLimits,
        log: this.requests,
        errors: this.internalErrors,
      });
      return;
    }

    if (isCdnPath(url.pathname)) {
      await serveCdnRequest(request, response, url, this.#context.state.attachments, this.cdnRequests);
      return;
    }

    sendJson(response, 404, { message: '404: Not Found', code: 0 });
  }
}
