import type { IncomingMessage, ServerResponse } from 'node:http';

import { API_PREFIX, endpointOf, type HostEndpoint } from './endpoints.js';
import { sendError, sendErrorAfterBody, type Exchange, type RecordedRequest } from './exchange.js';
import { applyFault } from './faults.js';
import { handleAccountInfo } from './routes-account.js';
import { handleConverts } from './routes-converts.js';
import { handleFileInfo } from './routes-file-info.js';
import { handleListFolder } from './routes-listfolder.js';
import { handlePublicPage, sendNotFound } from './routes-public.js';
import { handleGetSplash } from './routes-splash.js';
import { handleTicketUpload, handleUpload } from './routes-upload.js';
import type { HostRuntime } from './runtime.js';

type Handler = (exchange: Exchange, runtime: HostRuntime) => void | Promise<void>;

const API_HANDLERS: Record<Exclude<HostEndpoint, 'upload' | 'upload/ticket'>, Handler> = {
  'account/info': handleAccountInfo,
  'file/info': handleFileInfo,
  'file/listfolder': handleListFolder,
  'file/converts': handleConverts,
  'file/getsplash': handleGetSplash,
};

async function dispatch(
  exchange: Exchange,
  runtime: HostRuntime,
  endpoint: HostEndpoint | 'other',
): Promise<void> {
  const method = exchange.req.method ?? 'GET';

  if (endpoint === 'upload') {
    await handleUpload(exchange, runtime);
    return;
  }
  if (endpoint === 'upload/ticket') {
    await handleTicketUpload(exchange, runtime);
    return;
  }
  if (endpoint !== 'other') {
    // Every API request is a GET; the host documents no other method.
    if (method !== 'GET' && method !== 'HEAD') {
      await sendErrorAfterBody(exchange, 400, `Method ${method} is not supported: API requests are GET`);
      return;
    }
    await API_HANDLERS[endpoint](exchange, runtime);
    return;
  }

  if (exchange.url.pathname.startsWith(API_PREFIX)) {
    await sendErrorAfterBody(exchange, 404, `Unknown endpoint: ${exchange.url.pathname.slice(0, 100)}`, 404);
    return;
  }
  if (!handlePublicPage(exchange, runtime)) {
    sendNotFound(exchange);
  }
}

/** Records the request, applies a queued fault or dispatches it, and turns a bug in the fake into an envelope 500. */
export async function handleRequest(
  runtime: HostRuntime,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', runtime.origin);
  const query = Object.fromEntries(url.searchParams);
  const endpoint = endpointOf(url.pathname);
  const record: RecordedRequest = {
    endpoint,
    method: req.method ?? 'GET',
    query,
    httpStatus: 0,
    at: runtime.now(),
  };
  runtime.requests.push(record);
  const exchange: Exchange = { req, res, url, query, record, bodyDelayMs: 0, timers: runtime.timers };

  try {
    const fault = endpoint === 'other' ? undefined : runtime.faults.take(endpoint);
    if (fault !== undefined && fault.kind !== 'slow-body') {
      await applyFault(exchange, fault);
      return;
    }
    exchange.bodyDelayMs = fault?.delayMs ?? 0;
    await dispatch(exchange, runtime, endpoint);
  } catch (error) {
    // A bug in the fake: the test that hit it gets the message instead of waiting forever.
    const message = error instanceof Error ? error.message : String(error);
    if (!res.headersSent) {
      sendError(exchange, 500, `Fake host failure: ${message}`, 500);
    } else {
      res.destroy();
    }
  }
}
