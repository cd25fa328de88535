import type { APIEmbed } from 'discord-api-types/v10';

import type { FormError } from './errors.js';
import { DiscordErrors, invalidFormBody } from './errors.js';

// Discord's message limits, from its API documentation for messages and embeds.
const MAX_CONTENT = 2000;
const MAX_EMBEDS = 10;
const MAX_EMBED_TOTAL = 6000;
const MAX_NONCE = 25;
const MAX_ACTION_ROWS = 5;
const MAX_ROW_COMPONENTS = 5;
const MAX_CUSTOM_ID = 100;
const MAX_BUTTON_LABEL = 80;
const IS_COMPONENTS_V2_FLAG = 1 << 15;

const EMBED_TEXT_LIMITS: [path: string[], max: number][] = [
  [['title'], 256],
  [['description'], 4096],
  [['author', 'name'], 256],
  [['footer', 'text'], 2048],
];

// NOTE: the `code` strings copy those Discord returns for these checks where they are known.
// The `message` texts are the fake's own wording.
function tooLong(path: (string | number)[], max: number): FormError {
  return { path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` };
}

/**
 * Checks a message body against Discord's limits and throws its 400 "Invalid Form Body"
 * (50035) listing every invalid field.
 */
export function validateMessageBody(json: Record<string, unknown>): void {
  const errors: FormError[] = [];
  const { content, nonce, embeds, components, flags } = json;
  const componentsV2 = typeof flags === 'number' && (flags & IS_COMPONENTS_V2_FLAG) !== 0;

  if (typeof content === 'string' && content.length > MAX_CONTENT) {
    errors.push(tooLong(['content'], MAX_CONTENT));
  }

  if (typeof nonce === 'string' && nonce.length > MAX_NONCE) {
    errors.push(tooLong(['nonce'], MAX_NONCE));
  }

  if (Array.isArray(embeds)) {
    errors.push(...embedErrors(embeds as APIEmbed[]));
  }

  // Components V2 layouts (containers, sections) have their own limits, which the fake does not check.
  if (Array.isArray(components) && !componentsV2) {
    errors.push(...componentErrors(components as unknown[]));
  }

  if (errors.length > 0) {
    throw invalidFormBody(errors);
  }
}

/** Rejects a message that would show nothing, with Discord's 50006. */
export function assertNotEmpty(parts: {
  content: string;
  embeds: number;
  attachments: number;
  components: number;
}): void {
  if (
    parts.content.trim() === '' &&
    parts.embeds === 0 &&
    parts.attachments === 0 &&
    parts.components === 0
  ) {
    throw DiscordErrors.cannotSendEmptyMessage();
  }
}

function embedErrors(embeds: APIEmbed[]): FormError[] {
  const errors: FormError[] = [];
  let total = 0;

  if (embeds.length > MAX_EMBEDS) {
    errors.push(tooLong(['embeds'], MAX_EMBEDS));
  }

  embeds.forEach((embed, index) => {
    for (const [path, max] of EMBED_TEXT_LIMITS) {
      const text = textAt(embed, path);
      total += text.length;

      if (text.length > max) {
        errors.push(tooLong(['embeds', index, ...path], max));
      }
    }

    errors.push(...fieldErrors(embed, index));
    errors.push(...urlErrors(embed, index));
    total += (embed.fields ?? []).reduce(
      (sum, field) => sum + (field.name ?? '').length + (field.value ?? '').length,
      0,
    );
  });

  if (total > MAX_EMBED_TOTAL) {
    errors.push({
      path: ['embeds'],
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: `Embed size exceeds maximum size of ${MAX_EMBED_TOTAL}`,
    });
  }

  return errors;
}

function fieldErrors(embed: APIEmbed, index: number): FormError[] {
  const errors: FormError[] = [];
  const fields = embed.fields ?? [];

  if (fields.length > 25) {
    errors.push(tooLong(['embeds', index, 'fields'], 25));
  }

  fields.forEach((field, fieldIndex) => {
    const path = ['embeds', index, 'fields', fieldIndex];

    for (const [key, max] of [
      ['name', 256],
      ['value', 1024],
    ] as const) {
      const text = field[key] ?? '';

      if (text === '') {
        errors.push({ path: [...path, key], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' });
      } else if (text.length > max) {
        errors.push(tooLong([...path, key], max));
      }
    }
  });

  return errors;
}

/** Embed URLs must use http, https or `attachment://` (images only). */
function urlErrors(embed: APIEmbed, index: number): FormError[] {
  const candidates: [string[], string | undefined, boolean][] = [
    [['url'], embed.url, false],
    [['image', 'url'], embed.image?.url, true],
    [['thumbnail', 'url'], embed.thumbnail?.url, true],
    [['author', 'icon_url'], embed.author?.icon_url, true],
    [['footer', 'icon_url'], embed.footer?.icon_url, true],
  ];
  const errors: FormError[] = [];

  for (const [path, url, allowsAttachment] of candidates) {
    if (
      url === undefined ||
      /^https?:\/\/[^/]/i.test(url) ||
      (allowsAttachment && url.startsWith('attachment://'))
    ) {
      continue;
    }

    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1] ?? '';
    errors.push({
      path: ['embeds', index, ...path],
      code: 'URL_TYPE_INVALID_SCHEME',
      message: `Scheme "${scheme}" is not supported. Scheme must be one of ('http', 'https').`,
    });
  }

  return errors;
}

function componentErrors(rows: unknown[]): FormError[] {
  const errors: FormError[] = [];

  if (rows.length > MAX_ACTION_ROWS) {
    errors.push(tooLong(['components'], MAX_ACTION_ROWS));
  }

  rows.forEach((row, rowIndex) => {
    const children = (row as { components?: unknown[] }).components ?? [];

    if (children.length > MAX_ROW_COMPONENTS) {
      errors.push(tooLong(['components', rowIndex, 'components'], MAX_ROW_COMPONENTS));
    }

    children.forEach((child, childIndex) => {
      const { custom_id: customId, label } = child as { custom_id?: unknown; label?: unknown };
      const path = ['components', rowIndex, 'components', childIndex];

      if (typeof customId === 'string' && customId.length > MAX_CUSTOM_ID) {
        errors.push(tooLong([...path, 'custom_id'], MAX_CUSTOM_ID));
      }

      if (typeof label === 'string' && label.length > MAX_BUTTON_LABEL) {
        errors.push(tooLong([...path, 'label'], MAX_BUTTON_LABEL));
      }
    });
  });

  return errors;
}

function textAt(value: unknown, path: string[]): string {
  let node = value;

  for (const key of path) {
    node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
  }

  return typeof node === 'string' ? node : '';
}
