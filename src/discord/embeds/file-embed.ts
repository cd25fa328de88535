import type { APIEmbed } from 'discord-api-types/v10';
import type { HostFile } from '../../host/types.js';
import { discordTime } from './discord-time.js';
import { hostText } from './host-text.js';
import { EMBED_LIMITS } from './limits.js';

/**
 * A file's description is cut to this many characters, well under Discord's
 * 4,096, so that a page of `/file` contains several files within the 6,000
 * characters of a message.
 */
export const FILE_DESCRIPTION_MAX = 1000;

/** Builds the embed of one file of `file/info`: name (linked to its page), description, dates, views, qualities and link. */
export function fileEmbed(file: HostFile, link: string): APIEmbed {
  const name = hostText(file.name, EMBED_LIMITS.title);
  const description = hostText(file.description, FILE_DESCRIPTION_MAX);

  return {
    title: name === '' ? file.id : name,
    url: link,
    ...(description === '' ? {} : { description }),
    fields: [
      { name: 'ID', value: file.id, inline: true },
      { name: 'Uploaded', value: discordTime(file.uploadedAt), inline: true },
      { name: 'Last view', value: discordTime(file.lastViewedAt), inline: true },
      { name: 'Views', value: String(file.views), inline: true },
      { name: 'Qualities', value: availableQualities(file.availableQualities), inline: true },
      { name: 'Link', value: link, inline: false },
    ],
  };
}

/** Lists the playable qualities in the host's order (lowest first), or returns "none yet". */
function availableQualities(qualities: Record<string, boolean>): string {
  const available = Object.entries(qualities)
    .filter(([, playable]) => playable)
    .map(([label]) => hostText(label, 16));

  if (available.length === 0) return 'none yet';
  return available.join(', ').slice(0, EMBED_LIMITS.fieldValue);
}
