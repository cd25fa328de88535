import { TICKET_PREFIX } from './endpoints.js';
import { documentedExampleFor } from './examples.js';
import { sendError, sendErrorAfterBody, sendJsonText, type Exchange } from './exchange.js';
import type { HostRuntime } from './runtime.js';
import { sendResult } from './send-result.js';
import { storeUpload } from './store-upload.js';
import { formatValidUntil } from './tickets.js';
import { checkUploadTarget, isRejection } from './upload-target.js';

/** GET on the upload URL: a ticket in the ticket style; in the direct style, the error of a server that expects a file. */
function handleTicketRequest(exchange: Exchange, runtime: HostRuntime): void {
  if (runtime.settings.uploadStyle === 'direct') {
    sendError(exchange, 400, 'No file was uploaded');
    return;
  }

  const documented = documentedExampleFor(runtime.examples, 'upload', exchange.query, runtime.exampleAccount);
  if (documented !== undefined) {
    sendJsonText(exchange, 200, documented.bytes);
    return;
  }

  const target = checkUploadTarget(runtime, exchange.query);
  if (isRejection(target)) {
    sendError(exchange, target.status, target.msg);
    return;
  }

  const ticket = runtime.tickets.issue(target, runtime.now() + runtime.settings.ticketLifetimeMs);
  sendResult(exchange, runtime, {
    url: runtime.origin + TICKET_PREFIX + ticket.token,
    valid_until: formatValidUntil(ticket.expiresAt),
  });
}

/** POST on the upload URL: creates the file in the direct style; the ticket style takes files only at ticket URLs. */
async function handleDirectUpload(exchange: Exchange, runtime: HostRuntime): Promise<void> {
  if (runtime.settings.uploadStyle === 'ticket') {
    await sendErrorAfterBody(
      exchange,
      400,
      'Direct uploads are not accepted: request an upload URL with GET first',
    );
    return;
  }

  const target = checkUploadTarget(runtime, exchange.query);
  if (isRejection(target)) {
    await sendErrorAfterBody(exchange, target.status, target.msg);
    return;
  }

  await storeUpload(exchange, runtime, target);
}

/** Handles the upload URL, `{upload}`: GET requests a ticket, POST carries the file. */
export async function handleUpload(exchange: Exchange, runtime: HostRuntime): Promise<void> {
  const method = exchange.req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') {
    handleTicketRequest(exchange, runtime);
    return;
  }
  if (method === 'POST') {
    await handleDirectUpload(exchange, runtime);
    return;
  }

  await sendErrorAfterBody(exchange, 400, `Method ${method} is not supported on the upload URL`);
}

/** POST of the file to a ticket URL: an unknown, used or expired ticket gets envelope 400 and creates nothing. */
export async function handleTicketUpload(exchange: Exchange, runtime: HostRuntime): Promise<void> {
  const method = exchange.req.method ?? 'GET';
  if (method !== 'POST') {
    await sendErrorAfterBody(
      exchange,
      400,
      `Method ${method} is not supported on an upload URL: POST the file`,
    );
    return;
  }

  const token = exchange.url.pathname.slice(TICKET_PREFIX.length);
  const lookup = runtime.tickets.lookup(token, runtime.now());
  if (lookup.kind === 'unknown') {
    await sendErrorAfterBody(exchange, 400, `Upload ticket not found: ${token.slice(0, 32)}`);
    return;
  }
  if (lookup.kind === 'expired') {
    await sendErrorAfterBody(
      exchange,
      400,
      `Upload ticket expired at ${formatValidUntil(lookup.ticket.expiresAt)}`,
    );
    return;
  }

  await storeUpload(exchange, runtime, lookup.ticket, () => runtime.tickets.consume(token));
}
