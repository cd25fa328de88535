import { AllowedMentionsTypes } from 'discord-api-types/v10';
import type { APIAllowedMentions } from 'discord-api-types/v10';

const USER_MENTION = /<@!?(\d{15,25})>/g;

/** Returns the user IDs mentioned in message content, in order of appearance, without duplicates. */
export function userMentionsIn(content: string): string[] {
  return [...new Set([...content.matchAll(USER_MENTION)].map((match) => match[1] ?? ''))];
}

/**
 * Returns the users a message pings: those mentioned in its content that `allowed_mentions`
 * permits. Without `allowed_mentions` Discord pings every mentioned user.
 */
export function pingedUserIds(content: string, allowed: APIAllowedMentions | undefined): string[] {
  const mentioned = userMentionsIn(content);

  if (allowed === undefined) {
    return mentioned;
  }

  if (allowed.parse?.includes(AllowedMentionsTypes.User)) {
    return mentioned;
  }

  const listed = new Set(allowed.users ?? []);
  return mentioned.filter((id) => listed.has(id));
}

/** Returns true when a message pings @everyone or @here under its `allowed_mentions`. */
export function pingsEveryone(content: string, allowed: APIAllowedMentions | undefined): boolean {
  if (!/@(everyone|here)/.test(content)) {
    return false;
  }

  return allowed === undefined || (allowed.parse?.includes(AllowedMentionsTypes.Everyone) ?? false);
}
