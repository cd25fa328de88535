import { TimestampStyles, time } from 'discord.js';

/** Formats epoch milliseconds as a Discord timestamp (`<t:…:f>`, shown in each reader's time zone), or "unknown" for null. */
export function discordTime(epochMs: number | null): string {
  if (epochMs === null) return 'unknown';
  return time(Math.floor(epochMs / 1000), TimestampStyles.ShortDateTime);
}
