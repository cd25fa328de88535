import { documentedBytesFor } from './examples.js';
import { sendEnvelope, sendJsonText, type Exchange } from './exchange.js';
import type { HostRuntime } from './runtime.js';

/**
 * Sends a successful envelope with `result`. When the request is a documented
 * one of the example account and `result` equals the documented result, the
 * documented bytes go out verbatim instead, with their tabs and escaped slashes.
 */
export function sendResult(exchange: Exchange, runtime: HostRuntime, result: unknown): void {
  const { endpoint } = exchange.record;
  const documented =
    endpoint === 'other'
      ? undefined
      : documentedBytesFor(runtime.examples, endpoint, exchange.query, runtime.exampleAccount, result);

  if (documented !== undefined) {
    sendJsonText(exchange, 200, documented);
    return;
  }
  sendEnvelope(exchange, 200, 'OK', result);
}
