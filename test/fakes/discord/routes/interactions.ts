import { InteractionResponseType, InteractionType } from 'discord-api-types/v10';
import type { RESTPostAPIInteractionCallbackWithResponseResult } from 'discord-api-types/v10';

import type { FakeContext } from '../context.js';
import type { FormError } from '../errors.js';
import { DiscordErrors, invalidFormBody } from '../errors.js';
import type { InteractionHandle } from '../interaction-handle.js';
import {
  createLoadingMessage,
  createResponseMessage,
  editResponseMessage,
  recordResponse,
} from '../interaction-messages.js';
import { asJsonObject } from '../multipart.js';
import type { MessageRecord } from '../records.js';
import { EPHEMERAL_FLAG } from '../records.js';
import type { RouteRequest, RouteResult, Router } from '../router.js';
import { noContent, ok } from '../router.js';

/** The callback types Discord accepts for each interaction type. */
const ALLOWED_CALLBACKS: Record<number, InteractionResponseType[]> = {
  [InteractionType.Ping]: [InteractionResponseType.Pong],
  [InteractionType.ApplicationCommand]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.Modal,
  ],
  [InteractionType.MessageComponent]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
    InteractionResponseType.Modal,
  ],
  [InteractionType.ApplicationCommandAutocomplete]: [
    InteractionResponseType.ApplicationCommandAutocompleteResult,
  ],
  [InteractionType.ModalSubmit]: [
    InteractionResponseType.ChannelMessageWithSource,
    InteractionResponseType.DeferredChannelMessageWithSource,
    InteractionResponseType.DeferredMessageUpdate,
    InteractionResponseType.UpdateMessage,
  ],
};

/** Registers `POST /interactions/:id/:token/callback`, which needs no bot token. */
export function registerInteractionRoutes(router: Router, context: FakeContext): void {
  router.add(
    'POST',
    '/interactions/:interactionId/:token/callback',
    (request) => handleCallback(context, request),
    {
      auth: false,
    },
  );
}

/**
 * Acknowledges an interaction once. A second callback gets 40060; a callback for an unknown
 * interaction, with a wrong token or after the acknowledge window gets 10062.
 */
function handleCallback(context: FakeContext, request: RouteRequest): RouteResult {
  const handle = context.interactions.get(request.params.interactionId ?? '');

  if (handle === undefined || handle.token !== request.params.token) {
    throw DiscordErrors.unknownInteraction();
  }

  if (handle.progress.acknowledgedWith !== undefined) {
    throw DiscordErrors.alreadyAcknowledged();
  }

  if (Date.now() > handle.acknowledgeDeadline) {
    throw DiscordErrors.unknownInteraction();
  }

  const body = asJsonObject(request.json ?? {});
  const data = asJsonObject(body.data ?? {});
  const type = body.type as InteractionResponseType;
  const message = applyCallback(context, handle, type, { json: data, files: request.files });

  handle.progress.acknowledgedWith = type;
  recordResponse(handle, 'callback', { type, body, data, files: request.files, message });

  if (request.query.get('with_response') !== 'true') {
    return noContent();
  }

  return ok(callbackResponse(context, handle, type, message));
}

function applyCallback(
  context: FakeContext,
  handle: InteractionHandle,
  type: InteractionResponseType,
  body: { json: Record<string, unknown>; files: RouteRequest['files'] },
): MessageRecord | undefined {
  if (!(ALLOWED_CALLBACKS[handle.type] ?? []).includes(type) || !fromMessageIfUpdate(handle, type)) {
    throw invalidFormBody([
      {
        path: ['type'],
        code: 'INTERACTION_RESPONSE_TYPE_INVALID',
        message: 'Invalid interaction response type',
      },
    ]);
  }

  const { progress } = handle;

  switch (type) {
    case InteractionResponseType.ChannelMessageWithSource: {
      const message = createResponseMessage(context, handle, body);
      progress.originalMessageId = message.id;
      return message;
    }
    case InteractionResponseType.DeferredChannelMessageWithSource: {
      const flags = typeof body.json.flags === 'number' ? body.json.flags : 0;
      const message = createLoadingMessage(context, handle, (flags & EPHEMERAL_FLAG) !== 0);
      progress.originalMessageId = message.id;
      progress.loading = true;
      return message;
    }
    case InteractionResponseType.DeferredMessageUpdate:
    case InteractionResponseType.UpdateMessage:
      return updateSourceMessage(context, handle, type, body);
    case InteractionResponseType.ApplicationCommandAutocompleteResult:
      validateChoices(body.json);
      return undefined;
    case InteractionResponseType.Modal:
      validateModal(body.json);
      return undefined;
    default:
      return undefined;
  }
}

/** Types 6 and 7 change the message a component (or a modal opened from one) is on. */
function fromMessageIfUpdate(handle: InteractionHandle, type: InteractionResponseType): boolean {
  const updates =
    type === InteractionResponseType.DeferredMessageUpdate || type === InteractionResponseType.UpdateMessage;
  return !updates || handle.sourceMessageId !== undefined;
}

function updateSourceMessage(
  context: FakeContext,
  handle: InteractionHandle,
  type: InteractionResponseType,
  body: { json: Record<string, unknown>; files: RouteRequest['files'] },
): MessageRecord {
  const message = context.state.messages.get(handle.sourceMessageId ?? '');

  if (message === undefined || message.deleted) {
    throw DiscordErrors.unknownMessage();
  }

  handle.progress.originalMessageId = message.id;

  if (type === InteractionResponseType.UpdateMessage) {
    editResponseMessage(context, handle, message, body);
  }

  return message;
}

/** Checks autocomplete results: up to 25 choices, each with a 1-100 character name. */
function validateChoices(data: Record<string, unknown>): void {
  const choices = Array.isArray(data.choices) ? (data.choices as { name?: unknown }[]) : undefined;
  const errors: FormError[] = [];

  if (choices === undefined) {
    errors.push({ path: ['data', 'choices'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
  } else if (choices.length > 25) {
    errors.push({
      path: ['data', 'choices'],
      code: 'BASE_TYPE_MAX_LENGTH',
      message: 'Must be 25 or fewer in length.',
    });
  }

  choices?.forEach((choice, index) => {
    const name = typeof choice.name === 'string' ? choice.name : '';

    if (name.length < 1 || name.length > 100) {
      errors.push({
        path: ['data', 'choices', index, 'name'],
        code: 'BASE_TYPE_BAD_LENGTH',
        message: 'Must be between 1 and 100 in length.',
      });
    }
  });

  if (errors.length > 0) {
    throw invalidFormBody(errors);
  }
}

/** Checks that a modal has a custom_id (1-100), a title (1-45) and 1-5 top-level components. */
function validateModal(data: Record<string, unknown>): void {
  const errors: FormError[] = [];
  const checks: [key: string, length: number, min: number, max: number][] = [
    ['custom_id', typeof data.custom_id === 'string' ? data.custom_id.length : 0, 1, 100],
    ['title', typeof data.title === 'string' ? data.title.length : 0, 1, 45],
    ['components', Array.isArray(data.components) ? data.components.length : 0, 1, 5],
  ];

  for (const [key, length, min, max] of checks) {
    if (length < min || length > max) {
      errors.push({
        path: ['data', key],
        code: 'BASE_TYPE_BAD_LENGTH',
        message: `Must be between ${min} and ${max} in length.`,
      });
    }
  }

  if (errors.length > 0) {
    throw invalidFormBody(errors);
  }
}

function callbackResponse(
  context: FakeContext,
  handle: InteractionHandle,
  type: InteractionResponseType,
  message: MessageRecord | undefined,
): RESTPostAPIInteractionCallbackWithResponseResult {
  const result: RESTPostAPIInteractionCallbackWithResponseResult = {
    interaction: { id: handle.id, type: handle.type },
    resource: { type },
  };

  if (message !== undefined && result.resource !== undefined) {
    result.interaction.response_message_id = message.id;
    result.interaction.response_message_loading = handle.progress.loading;
    result.interaction.response_message_ephemeral = (message.flags & EPHEMERAL_FLAG) !== 0;
    result.resource.message = context.payloads.message(message);
  }

  return result;
}
