import type { CommandStore } from './command-store.js';
import type { InteractionHandle } from './interaction-handle.js';
import type { ResolvedOptions } from './options.js';
import type { PayloadBuilder } from './payloads.js';
import type { DiscordState } from './state.js';

/** What REST routes share: the state, payload builder, interactions and settings of one fake. */
export interface FakeContext {
  state: DiscordState;
  payloads: PayloadBuilder;
  commands: CommandStore;
  /** Dispatched interactions by ID. */
  interactions: Map<string, InteractionHandle>;
  options: ResolvedOptions;
  applicationId: string;
  /** `http://127.0.0.1:<port>`, the origin of REST, CDN and gateway. */
  origin: string;
  /** The WebSocket URL `GET /gateway/bot` returns. */
  gatewayUrl: string;
  /** The key attachment URLs are signed with. */
  signingSecret: string;
}
