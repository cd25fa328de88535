import { ApplicationCommandType, InteractionType, MessageType } from 'discord-api-types/v10';

import type { FakeContext } from './context.js';
import { DiscordErrors } from './errors.js';
import type {
  InteractionHandle,
  InteractionResponse,
  InteractionResponseKind,
} from './interaction-handle.js';
import type { MessageBody } from './message-body.js';
import { applyMessageBody } from './message-body.js';
import type { MessageRecord } from './records.js';
import { EPHEMERAL_FLAG, LOADING_FLAG } from './records.js';

/** Returns the ID of the channel an interaction came from; every interaction the fake builds has one. */
export function interactionChannelId(handle: InteractionHandle): string {
  return handle.payload.channel?.id ?? '';
}

/** Returns the message type Discord gives responses: 20 for slash commands, 23 for context menus, else 0. */
function responseMessageType(handle: InteractionHandle): MessageType {
  const { payload } = handle;

  if (payload.type !== InteractionType.ApplicationCommand) {
    return MessageType.Default;
  }

  return payload.data.type === ApplicationCommandType.ChatInput
    ? MessageType.ChatInputCommand
    : MessageType.ContextMenuCommand;
}

function commandName(handle: InteractionHandle): string {
  const { payload } = handle;
  return payload.type === InteractionType.ApplicationCommand ? payload.data.name : '';
}

/**
 * Builds a message posted through the interaction's webhook, authored by the bot user.
 * Follow-ups pass the ID of the interaction's first response.
 */
function newResponseMessage(
  context: FakeContext,
  handle: InteractionHandle,
  originalResponseMessageId?: string,
): MessageRecord {
  const message = context.state.newMessage(interactionChannelId(handle), context.state.botUser.id);

  message.type = responseMessageType(handle);
  message.webhookId = context.applicationId;
  message.interaction = {
    id: handle.id,
    type: handle.type,
    name: commandName(handle),
    userId: handle.payload.member?.user.id ?? handle.payload.user?.id ?? '',
    originalResponseMessageId,
  };
  return message;
}

/** Creates a response or follow-up message from a body, validated as Discord would. */
export function createResponseMessage(
  context: FakeContext,
  handle: InteractionHandle,
  body: MessageBody,
  originalResponseMessageId?: string,
): MessageRecord {
  const message = newResponseMessage(context, handle, originalResponseMessageId);

  applyMessageBody(context.state, message, body, {
    mode: 'create',
    allowEphemeral: true,
    uploadLimitBytes: context.state.uploadLimit(interactionChannelId(handle)),
    secret: context.signingSecret,
  });
  context.state.insertMessage(message);
  return message;
}

/** Creates the "thinking" message of a deferred response; `ephemeral` is fixed from here on. */
export function createLoadingMessage(
  context: FakeContext,
  handle: InteractionHandle,
  ephemeral: boolean,
): MessageRecord {
  const message = newResponseMessage(context, handle);

  message.flags = LOADING_FLAG | (ephemeral ? EPHEMERAL_FLAG : 0);
  context.state.insertMessage(message);
  return message;
}

/** Applies an edit body to a message the interaction may change, clearing a loading state. */
export function editResponseMessage(
  context: FakeContext,
  handle: InteractionHandle,
  message: MessageRecord,
  body: MessageBody,
): void {
  applyMessageBody(context.state, message, body, {
    mode: 'edit',
    allowEphemeral: false,
    uploadLimitBytes: context.state.uploadLimit(interactionChannelId(handle)),
    secret: context.signingSecret,
  });
  message.editedAt = Date.now();
  context.state.updateMessage(message);
}

/** Looks up a message this interaction owns or started from; others are 10008 Unknown Message. */
export function requireInteractionMessage(
  context: FakeContext,
  handle: InteractionHandle,
  id: string,
): MessageRecord {
  const { originalMessageId, followUpIds } = handle.progress;
  const owned = id === originalMessageId || followUpIds.includes(id);
  const message = context.state.messages.get(id);

  if (!owned || message === undefined || message.deleted) {
    throw DiscordErrors.unknownMessage();
  }

  return message;
}

/** Records what the bot did in the handle's response log. */
export function recordResponse(
  handle: InteractionHandle,
  kind: InteractionResponseKind,
  details: Pick<InteractionResponse, 'type' | 'body' | 'data' | 'files'> & { message?: MessageRecord },
): void {
  const dataFlags = typeof details.data.flags === 'number' ? details.data.flags : 0;
  const flags = details.message?.flags ?? dataFlags;

  handle.record({
    kind,
    type: details.type,
    messageId: details.message?.id,
    body: details.body,
    data: details.data,
    files: details.files,
    flags,
    ephemeral: (flags & EPHEMERAL_FLAG) !== 0,
    at: Date.now(),
  });
}
