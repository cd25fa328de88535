import { ChannelType, MessageType, PermissionFlagsBits } from 'discord-api-types/v10';

import type { FakeContext } from '../context.js';
import { DiscordErrors, invalidFormBody } from '../errors.js';
import { applyMessageBody } from '../message-body.js';
import { asJsonObject } from '../multipart.js';
import type { ChannelRecord, MessageRecord } from '../records.js';
import type { RouteRequest, Router } from '../router.js';
import { noContent, ok } from '../router.js';
import { compareIds } from '../state.js';

/** Registers channel and channel-message routes, which need the bot token. */
export function registerChannelRoutes(router: Router, context: FakeContext): void {
  const { state, payloads } = context;

  router.add('GET', '/channels/:channelId', ({ params }) => {
    const channel = requireAccess(context, params.channelId ?? '', 'view');
    return ok(payloads.channel(channel));
  });

  router.add('GET', '/channels/:channelId/messages', (request) => {
    const channel = requireAccess(context, request.params.channelId ?? '', 'history');
    const messages = listMessages(state.channelMessages(channel.id), request.query);
    return ok(messages.map((message) => payloads.message(message)));
  });

  router.add('GET', '/channels/:channelId/messages/:messageId', ({ params }) => {
    const channel = requireAccess(context, params.channelId ?? '', 'history');
    return ok(payloads.message(state.requireChannelMessage(channel.id, params.messageId ?? '')));
  });

  router.add('POST', '/channels/:channelId/messages', (request) => createMessage(context, request));

  router.add('PATCH', '/channels/:channelId/messages/:messageId', (request) => {
    const channel = requireAccess(context, request.params.channelId ?? '', 'view');
    const message = state.requireChannelMessage(channel.id, request.params.messageId ?? '');

    if (message.authorId !== state.botUser.id) {
      throw DiscordErrors.cannotEditOthersMessage();
    }

    applyMessageBody(
      state,
      message,
      { json: asJsonObject(request.json ?? {}), files: request.files },
      {
        mode: 'edit',
        allowEphemeral: false,
        uploadLimitBytes: state.uploadLimit(channel.id),
        secret: context.signingSecret,
      },
    );
    message.editedAt = Date.now();
    state.updateMessage(message);
    return ok(payloads.message(message));
  });

  router.add('DELETE', '/channels/:channelId/messages/:messageId', ({ params }) => {
    const channel = requireAccess(context, params.channelId ?? '', 'view');
    const message = state.requireChannelMessage(channel.id, params.messageId ?? '');
    const own = message.authorId === state.botUser.id;

    if (!own && !hasPermission(context, channel, PermissionFlagsBits.ManageMessages)) {
      throw DiscordErrors.missingPermissions();
    }

    state.deleteMessage(message);
    return noContent();
  });
}

/**
 * Creates a message from the bot. With `enforce_nonce` and a nonce that the bot used in this
 * channel within the nonce window, Discord returns the earlier message and creates none.
 */
function createMessage(context: FakeContext, request: RouteRequest) {
  const { state, payloads } = context;
  const json = asJsonObject(request.json ?? {});
  const channel = requireAccess(context, request.params.channelId ?? '', 'send');

  if (request.files.length > 0 && !hasPermission(context, channel, PermissionFlagsBits.AttachFiles)) {
    throw DiscordErrors.missingPermissions();
  }

  const duplicate = json.enforce_nonce === true ? findByNonce(context, channel.id, json.nonce) : undefined;

  if (duplicate !== undefined) {
    return ok(payloads.message(duplicate));
  }

  const message = state.newMessage(channel.id, state.botUser.id);
  applyMessageBody(
    state,
    message,
    { json, files: request.files },
    {
      mode: 'create',
      allowEphemeral: false,
      uploadLimitBytes: state.uploadLimit(channel.id),
      secret: context.signingSecret,
    },
  );

  if (message.messageReference !== undefined) {
    message.type = MessageType.Reply;
  }

  state.insertMessage(message);
  return ok(payloads.message(message));
}

function findByNonce(context: FakeContext, channelId: string, nonce: unknown): MessageRecord | undefined {
  if (typeof nonce !== 'string' && typeof nonce !== 'number') {
    return undefined;
  }

  const since = Date.now() - context.options.nonceWindowMs;
  return context.state
    .channelMessages(channelId)
    .find(
      (message) =>
        message.authorId === context.state.botUser.id &&
        message.nonce !== undefined &&
        String(message.nonce) === String(nonce) &&
        message.createdAt >= since,
    );
}

/**
 * Looks up a channel and checks what the bot may do there: see it (else 50001), read its
 * history, or send (else 50013; 50007 in the DM of a user who does not accept DMs).
 */
function requireAccess(
  context: FakeContext,
  channelId: string,
  need: 'view' | 'history' | 'send',
): ChannelRecord {
  const channel = context.state.requireChannel(channelId);

  if (channel.type === ChannelType.DM) {
    const recipient = context.state.users.get(channel.recipientId ?? '');

    if (need === 'send' && recipient?.allowDms === false) {
      throw DiscordErrors.cannotMessageUser();
    }

    return channel;
  }

  if (!hasPermission(context, channel, PermissionFlagsBits.ViewChannel)) {
    throw DiscordErrors.missingAccess();
  }

  if (need === 'history' && !hasPermission(context, channel, PermissionFlagsBits.ReadMessageHistory)) {
    throw DiscordErrors.missingAccess();
  }

  if (need === 'send' && !hasPermission(context, channel, PermissionFlagsBits.SendMessages)) {
    throw DiscordErrors.missingPermissions();
  }

  return channel;
}

function hasPermission(context: FakeContext, channel: ChannelRecord, bit: bigint): boolean {
  if (channel.guildId === undefined) {
    return true;
  }

  return (context.state.permissionsOf(context.state.botUser.id, channel.guildId, channel.id) & bit) === bit;
}

/**
 * Pages messages as Discord's list endpoint does: `limit` 1-100 (default 50) and at most one of
 * `before`, `after` or `around`; the result is newest first.
 */
function listMessages(oldestFirst: MessageRecord[], query: URLSearchParams): MessageRecord[] {
  const limitText = query.get('limit');
  const limit = limitText === null ? 50 : Number(limitText);

  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw invalidFormBody([
      { path: ['limit'], code: 'NUMBER_TYPE_MAX', message: 'int value should be between 1 and 100.' },
    ]);
  }

  const newestFirst = [...oldestFirst].reverse();
  const before = query.get('before');
  const after = query.get('after');
  const around = query.get('around');

  if (before !== null) {
    return newestFirst.filter((message) => compareIds(message.id, before) < 0).slice(0, limit);
  }

  if (after !== null) {
    // The messages right after `after`, not the newest ones: take the oldest, then order newest first.
    return oldestFirst
      .filter((message) => compareIds(message.id, after) > 0)
      .slice(0, limit)
      .reverse();
  }

  if (around !== null) {
    const older = newestFirst.filter((message) => compareIds(message.id, around) <= 0);
    const newer = oldestFirst.filter((message) => compareIds(message.id, around) > 0);
    const newerCount = Math.min(newer.length, Math.floor(limit / 2));
    return [...newer.slice(0, newerCount).reverse(), ...older.slice(0, limit - newerCount)];
  }

  return newestFirst.slice(0, limit);
}
