import { MessageFlags } from 'discord-api-types/v10';
import type {
  APIAllowedMentions,
  APIEmbed,
  APIMessageReference,
  APIMessageTopLevelComponent,
} from 'discord-api-types/v10';

import { FakeAttachment } from './attachment.js';
import { DiscordErrors } from './errors.js';
import type { RecordedFile } from './multipart.js';
import type { MessageRecord } from './records.js';
import { EPHEMERAL_FLAG, LOADING_FLAG } from './records.js';
import type { DiscordState } from './state.js';
import { assertNotEmpty, validateMessageBody } from './message-validation.js';

/** A message body as the REST layer parsed it: JSON (or `payload_json`) and the uploaded files. */
export interface MessageBody {
  json: Record<string, unknown>;
  files: RecordedFile[];
}

/** Flags a sender may set on a message besides ephemeral; the fake ignores others in a body. */
const SETTABLE_FLAGS =
  MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

export interface ApplyOptions {
  mode: 'create' | 'edit';
  /** Whether a create may set the ephemeral flag, which only interaction responses can. */
  allowEphemeral: boolean;
  uploadLimitBytes: number;
  secret: string;
}

interface AttachmentEntry {
  id: string | number;
  filename?: string;
  description?: string;
}

/**
 * Applies a create or edit body to a message: validates it, copies the fields present, keeps
 * the attachments the body lists and stores uploaded files as new CDN attachments. A rejected
 * body leaves the message unchanged.
 */
export function applyMessageBody(
  state: DiscordState,
  message: MessageRecord,
  body: MessageBody,
  options: ApplyOptions,
): void {
  const { json } = body;
  validateMessageBody(json);

  const draft: MessageRecord = { ...message };
  draft.attachments = resolveAttachments(state, message, body, options);
  copyContentFields(draft, json, options.mode);

  if (typeof json.flags === 'number') {
    draft.flags = (draft.flags & ~SETTABLE_FLAGS) | (json.flags & SETTABLE_FLAGS);

    // Ephemerality is fixed when a message is created; an edit cannot add or remove it.
    if (options.mode === 'create' && options.allowEphemeral) {
      draft.flags |= json.flags & EPHEMERAL_FLAG;
    }
  }

  if (options.mode === 'create' && (typeof json.nonce === 'string' || typeof json.nonce === 'number')) {
    draft.nonce = json.nonce;
  }

  draft.flags &= ~LOADING_FLAG;
  assertNotEmpty({
    content: draft.content,
    embeds: draft.embeds.length,
    attachments: draft.attachments.length,
    components: draft.components.length,
  });
  Object.assign(message, draft);
}

/** Copies the fields a body sets; `null` clears content, embeds and components, as Discord allows on edits. */
function copyContentFields(
  message: MessageRecord,
  json: Record<string, unknown>,
  mode: 'create' | 'edit',
): void {
  if (typeof json.content === 'string' || json.content === null) {
    message.content = json.content ?? '';
  }

  if (Array.isArray(json.embeds) || json.embeds === null) {
    message.embeds = (json.embeds ?? []) as APIEmbed[];
  }

  if (Array.isArray(json.components) || json.components === null) {
    message.components = (json.components ?? []) as APIMessageTopLevelComponent[];
  }

  if (typeof json.tts === 'boolean' && mode === 'create') {
    message.tts = json.tts;
  }

  if (json.allowed_mentions !== undefined && json.allowed_mentions !== null) {
    message.allowedMentions = json.allowed_mentions as APIAllowedMentions;
  }

  if (json.message_reference !== undefined && json.message_reference !== null) {
    message.messageReference = json.message_reference as APIMessageReference;
  }
}

function resolveAttachments(
  state: DiscordState,
  message: MessageRecord,
  body: MessageBody,
  options: { uploadLimitBytes: number; secret: string },
): FakeAttachment[] {
  const entries = Array.isArray(body.json.attachments)
    ? (body.json.attachments as AttachmentEntry[])
    : undefined;
  const tooLarge = body.files.some((file) => file.data.length > options.uploadLimitBytes);

  if (tooLarge) {
    throw DiscordErrors.requestEntityTooLarge();
  }

  const retained =
    entries === undefined
      ? message.attachments
      : message.attachments.filter((attachment) =>
          entries.some((entry) => String(entry.id) === attachment.id),
        );
  const uploaded = body.files.map((file, index) => {
    const entry = entries?.find((candidate) => String(candidate.id) === fileIndex(file, index));
    const attachment = new FakeAttachment(
      state.ids.next(),
      {
        bytes: file.data,
        filename: entry?.filename ?? file.filename,
        // Discord types an upload by its file name when the client sent no specific type.
        contentType: file.contentType === 'application/octet-stream' ? undefined : file.contentType,
        description: entry?.description,
      },
      options.secret,
    );
    attachment.bind('attachments', message.channelId);
    return attachment;
  });

  return [...retained, ...uploaded];
}

/** Returns the index in a `files[n]` field name, which `attachments[].id` refers to. */
function fileIndex(file: RecordedFile, position: number): string {
  return /^files\[(\d+)\]$/.exec(file.field)?.[1] ?? String(position);
}
