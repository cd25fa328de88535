import { requireAccount } from './access.js';
import type { Exchange } from './exchange.js';
import type { HostRuntime } from './runtime.js';
import { sendResult } from './send-result.js';

/** `account/info`: the caller's user ID, e-mail, registration time and premium flag, all as strings. */
export function handleAccountInfo(exchange: Exchange, runtime: HostRuntime): void {
  const account = requireAccount(exchange, runtime);
  if (account === undefined) {
    return;
  }

  sendResult(exchange, runtime, {
    user_id: account.userId,
    user_email: account.email,
    user_regdate: String(account.registeredAt),
    premium_active: account.premium ? '1' : '0',
  });
}
