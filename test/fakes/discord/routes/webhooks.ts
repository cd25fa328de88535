import { InteractionResponseType } from 'discord-api-types/v10';

import type { FakeContext } from '../context.js';
import { DiscordErrors } from '../errors.js';
import type { InteractionHandle } from '../interaction-handle.js';
import {
  createResponseMessage,
  editResponseMessage,
  recordResponse,
  requireInteractionMessage,
} from '../interaction-messages.js';
import { asJsonObject } from '../multipart.js';
import type { RouteRequest, RouteResult, Router } from '../router.js';
import { noContent, ok } from '../router.js';

/** Callback types after which the interaction has a message that webhooks can edit and follow. */
const MESSAGE_CALLBACKS = new Set<InteractionResponseType>([
  InteractionResponseType.ChannelMessageWithSource,
  InteractionResponseType.DeferredChannelMessageWithSource,
  InteractionResponseType.DeferredMessageUpdate,
  InteractionResponseType.UpdateMessage,
]);

/**
 * Registers the interaction webhook routes: `@original` (fetch, edit, delete), follow-ups and
 * their edits. They authenticate by the interaction token in the path, not the bot token.
 */
export function registerWebhookRoutes(router: Router, context: FakeContext): void {
  const base = '/webhooks/:applicationId/:token';
  const options = { auth: false };

  router.add('POST', base, (request) => createFollowUp(context, request), options);

  for (const messagePath of [`${base}/messages/@original`, `${base}/messages/:messageId`]) {
    router.add(
      'GET',
      messagePath,
      (request) => {
        const { handle, messageId } = resolveTarget(context, request);
        return ok(context.payloads.message(requireInteractionMessage(context, handle, messageId)));
      },
      options,
    );

    router.add('PATCH', messagePath, (request) => editMessage(context, request), options);

    router.add(
      'DELETE',
      messagePath,
      (request) => {
        const { handle, messageId, original } = resolveTarget(context, request);
        const message = requireInteractionMessage(context, handle, messageId);
        context.state.deleteMessage(message);
        recordResponse(handle, original ? 'original-delete' : 'followup-delete', {
          type: undefined,
          body: {},
          data: {},
          files: [],
          message,
        });
        return noContent();
      },
      options,
    );
  }
}

/**
 * Finds the interaction behind a webhook path. An unknown or expired token gets 50027; a token
 * of an interaction not yet acknowledged with a message gets 10015 Unknown Webhook.
 */
function requireHandle(context: FakeContext, request: RouteRequest): InteractionHandle {
  const handle = [...context.interactions.values()].find(
    (candidate) => candidate.token === request.params.token,
  );

  if (handle === undefined || Date.now() >= handle.tokenExpiresAt) {
    throw DiscordErrors.invalidWebhookToken();
  }

  if (request.params.applicationId !== context.applicationId) {
    throw DiscordErrors.unknownWebhook();
  }

  // NOTE: after a modal or autocomplete callback the fake rejects webhook requests with 10015,
  // as before any callback. Discord does not document its response in those cases.
  const acknowledged = handle.progress.acknowledgedWith;

  if (acknowledged === undefined || !MESSAGE_CALLBACKS.has(acknowledged)) {
    throw DiscordErrors.unknownWebhook();
  }

  return handle;
}

function resolveTarget(
  context: FakeContext,
  request: RouteRequest,
): { handle: InteractionHandle; messageId: string; original: boolean } {
  const handle = requireHandle(context, request);
  const original =
    request.params.messageId === undefined || request.params.messageId === handle.progress.originalMessageId;
  const messageId = request.params.messageId ?? handle.progress.originalMessageId ?? '';

  return { handle, messageId, original };
}

function editMessage(context: FakeContext, request: RouteRequest): RouteResult {
  const { handle, messageId, original } = resolveTarget(context, request);
  const message = requireInteractionMessage(context, handle, messageId);
  const json = asJsonObject(request.json ?? {});

  editResponseMessage(context, handle, message, { json, files: request.files });

  if (original) {
    handle.progress.loading = false;
  }

  recordResponse(handle, original ? 'original-edit' : 'followup-edit', {
    type: undefined,
    body: json,
    data: json,
    files: request.files,
    message,
  });
  return ok(context.payloads.message(message));
}

/**
 * Sends a follow-up. The first follow-up after a deferred message callback fills the
 * "thinking" message instead of creating one, keeping the deferral's ephemerality.
 */
function createFollowUp(context: FakeContext, request: RouteRequest): RouteResult {
  const handle = requireHandle(context, request);
  const json = asJsonObject(request.json ?? {});
  const body = { json, files: request.files };
  const loadingId = handle.progress.loading ? handle.progress.originalMessageId : undefined;
  const loading = loadingId === undefined ? undefined : context.state.messages.get(loadingId);
  let message;

  if (loading !== undefined) {
    editResponseMessage(context, handle, loading, body);
    loading.editedAt = null;
    handle.progress.loading = false;
    message = loading;
  } else {
    message = createResponseMessage(context, handle, body, handle.progress.originalMessageId);
    handle.progress.followUpIds.push(message.id);
  }

  recordResponse(handle, 'followup', {
    type: undefined,
    body: json,
    data: json,
    files: request.files,
    message,
  });

  if (request.query.get('wait') !== 'true') {
    return noContent();
  }

  return ok(context.payloads.message(message));
}
