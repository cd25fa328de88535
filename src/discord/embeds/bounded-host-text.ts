import { escapeHostText, hostText, truncate } from './host-text.js';

/**
 * `hostText` for host text of any length. The time discord.js 14.28's
 * `escapeMarkdown` takes grows faster than the length of the text (in one
 * run on the development machine, 40 ms for 5,000 characters and 0.6 s for
 * 20,000), and a description can be long. Escaping never shortens text, so
 * only the first `max + 1` characters can reach the result, and only those
 * are escaped.
 */
export function boundedHostText(text: string, max: number): string {
  const start = text.trimStart();
  if (start.length <= max + 1) return hostText(start, max);

  // At least max + 1 characters remain after escaping, so `truncate` cuts and adds the ellipsis.
  return truncate(escapeHostText(start.slice(0, max + 1)), max);
}
