/**
 * Custom IDs of buttons, select menus and modals carry the handler's name and
 * the state it needs (`folder:page:26:2`), so a component keeps working after
 * the bot restarts without any state kept in memory. Discord caps a custom
 * ID at 100 characters.
 */

const SEPARATOR = ':';
const MAX_LENGTH = 100;

export function encodeCustomId(handler: string, ...args: Array<string | number>): string {
  const parts = [handler, ...args.map(String)];
  for (const part of parts) {
    if (part.includes(SEPARATOR))
      throw new RangeError(`A custom ID part may not contain "${SEPARATOR}": ${part}`);
  }

  const customId = parts.join(SEPARATOR);
  if (customId.length > MAX_LENGTH) {
    throw new RangeError(`Custom ID is ${customId.length} characters; Discord allows ${MAX_LENGTH}`);
  }
  return customId;
}

export function decodeCustomId(customId: string): { handler: string; args: string[] } {
  const [handler = '', ...args] = customId.split(SEPARATOR);
  return { handler, args };
}
