export { FakeDiscord } from './fake-discord.js';
export { FakeAttachment, guessContentType } from './attachment.js';
export type { AttachmentOptions, AttachmentSource, AttachmentSpec } from './attachment.js';
export type { CdnRequest } from './cdn.js';
export type { DiscordErrorBody } from './errors.js';
export type { GatewayStats } from './gateway.js';
export { InteractionHandle } from './interaction-handle.js';
export type { InteractionResponse, InteractionResponseKind } from './interaction-handle.js';
export type { OptionInput } from './interaction-options.js';
export type {
  AutocompleteInput,
  ButtonInput,
  InteractionTarget,
  MessageCommandInput,
  ModalSubmitInput,
  SelectMenuInput,
  SlashCommandInput,
  UserCommandInput,
} from './interactions.js';
export type { RecordedFile } from './multipart.js';
export type { FakeDiscordOptions } from './options.js';
export type { RateLimitOptions } from './rate-limits.js';
export type { ChannelRecord, GuildRecord, MemberRecord, UserRecord } from './records.js';
export type { RecordedRequest } from './rest.js';
export type { CreateChannelOptions } from './state.js';
export type { UserMessageOptions } from './user-message.js';
