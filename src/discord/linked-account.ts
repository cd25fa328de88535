import type { HostClient } from '../host/client.js';
import type { BotContext } from './context.js';
import { UserError } from './user-error.js';

export const NOT_LINKED_MESSAGE =
  'You have not linked a video host account yet. Run /login and enter the API login and key from the host\'s "User Settings" page.';

/** The host client for the user's own credentials; a user error tells an unlinked user how to link. */
export async function hostClientFor(context: BotContext, userId: string): Promise<HostClient> {
  const credentials = await context.credentials.get(userId);
  if (!credentials) throw new UserError(NOT_LINKED_MESSAGE);
  return context.host.forUser(credentials);
}
