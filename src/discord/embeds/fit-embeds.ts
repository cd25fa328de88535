import type { APIEmbed } from 'discord-api-types/v10';
import { EMBED_LIMITS } from './limits.js';

/**
 * Splits embeds into messages within Discord's limits, and checks each
 * embed against the per-embed limits, so a message that Discord would reject
 * with 50035 Invalid Form Body is caught here as a bug instead.
 */

/** Counts the characters of an embed that count towards the 6,000 of a message. */
export function embedLength(embed: APIEmbed): number {
  const fields = embed.fields ?? [];
  return (
    (embed.title ?? '').length +
    (embed.description ?? '').length +
    (embed.footer?.text ?? '').length +
    (embed.author?.name ?? '').length +
    fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0)
  );
}

/** Throws a `RangeError` naming the first part of `embed` that exceeds Discord's limits. */
export function checkEmbedLimits(embed: APIEmbed): void {
  const fields = embed.fields ?? [];
  const checks: Array<[string, number, number]> = [
    ['title', (embed.title ?? '').length, EMBED_LIMITS.title],
    ['description', (embed.description ?? '').length, EMBED_LIMITS.description],
    ['footer', (embed.footer?.text ?? '').length, EMBED_LIMITS.footer],
    ['author', (embed.author?.name ?? '').length, EMBED_LIMITS.author],
    ['fields', fields.length, EMBED_LIMITS.fields],
    ['total', embedLength(embed), EMBED_LIMITS.total],
  ];
  fields.forEach((field, index) => {
    checks.push([`fields[${index}].name`, field.name.length, EMBED_LIMITS.fieldName]);
    checks.push([`fields[${index}].value`, field.value.length, EMBED_LIMITS.fieldValue]);
  });

  for (const [part, length, max] of checks) {
    if (length > max) throw new RangeError(`Embed ${part} has ${length} characters; Discord allows ${max}`);
  }
}

/**
 * Packs `embeds`, in order, into as few messages as the limits allow: at most
 * 10 embeds and 6,000 characters in all per message. Never returns an empty
 * message; no embeds give no messages.
 */
export function fitEmbeds(embeds: readonly APIEmbed[]): APIEmbed[][] {
  const messages: APIEmbed[][] = [];
  let current: APIEmbed[] = [];
  let currentLength = 0;

  for (const embed of embeds) {
    checkEmbedLimits(embed);
    const length = embedLength(embed);

    const full =
      current.length === EMBED_LIMITS.embedsPerMessage || currentLength + length > EMBED_LIMITS.total;
    if (full && current.length > 0) {
      messages.push(current);
      current = [];
      currentLength = 0;
    }

    current.push(embed);
    currentLength += length;
  }

  if (current.length > 0) messages.push(current);
  return messages;
}
