import { escapeMarkdown } from 'discord.js';

const ZERO_WIDTH_SPACE = '\u200b';
const ELLIPSIS = '…';

/**
 * Makes text from the host (file names, descriptions) inert in a Discord
 * message: markdown is escaped, and `@everyone`, `@here` and `<@…>`, `<#…>`,
 * `<@&…>` mentions are broken with a zero-width space, so they show as
 * typed and can neither ping nor format. Control characters are removed.
 */
export function escapeHostText(text: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const printable = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
  const escaped = escapeMarkdown(printable, { maskedLink: true });
  return escaped
    .replace(/@(everyone|here)/g, `@${ZERO_WIDTH_SPACE}$1`)
    .replace(/<([@#])/g, `<${ZERO_WIDTH_SPACE}$1`);
}

/** Cuts `text` to at most `max` characters, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;

  // Never leave half a surrogate pair or a dangling escape backslash at the cut.
  let cut = text.slice(0, max - ELLIPSIS.length);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  if (/(^|[^\\])(\\\\)*\\$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}${ELLIPSIS}`;
}

/** Escapes host text and fits it in `max` characters (escaping first, since it lengthens the text). */
export function hostText(text: string, max: number): string {
  return truncate(escapeHostText(text.trim()), max);
}
