/**
 * Authentication, parameter checks and ownership lookups shared by the
 * endpoints. Each `require*` function either returns the value or sends the
 * envelope error and returns undefined.
 */
import { sendError, type Exchange } from './exchange.js';
import type { AccountRecord, FileRecord } from './model.js';
import type { HostRuntime } from './runtime.js';

/** File IDs are letters and digits; 64 characters is far above the host's 10 and keeps junk out of messages. */
const FILE_ID_PATTERN = /^[A-Za-z0-9]{1,64}$/;
const FOLDER_ID_PATTERN = /^[0-9]{1,18}$/;

export function isFileId(value: string): boolean {
  return FILE_ID_PATTERN.test(value);
}

export function isFolderId(value: string): boolean {
  return FOLDER_ID_PATTERN.test(value);
}

/** Returns the account of the `login` and `key` parameters, or sends envelope 403. */
export function requireAccount(exchange: Exchange, runtime: HostRuntime): AccountRecord | undefined {
  const { login, key } = exchange.query;
  if (!login || !key) {
    sendError(exchange, 403, 'API login and key are required');
    return undefined;
  }

  const account = runtime.model.authenticate(login, key);
  if (account === undefined) {
    sendError(exchange, 403, 'Wrong API login or key');
  }
  return account;
}

/**
 * Authenticates an upload, where login and key are documented as optional:
 * neither means an upload that belongs to no account (null), a wrong or
 * incomplete pair sends envelope 403 (undefined).
 */
export function requireUploader(exchange: Exchange, runtime: HostRuntime): AccountRecord | null | undefined {
  const { login, key } = exchange.query;
  if (!login && !key) {
    return null;
  }
  return requireAccount(exchange, runtime);
}

/** Returns the `file` parameter as one valid file ID, or sends envelope 400. */
export function requireFileIdParameter(exchange: Exchange): string | undefined {
  const fileId = exchange.query.file ?? '';
  if (fileId === '') {
    sendError(exchange, 400, 'Parameter file is required');
    return undefined;
  }
  if (!isFileId(fileId)) {
    sendError(exchange, 400, `Invalid file ID: ${fileId.slice(0, 64)}`);
    return undefined;
  }
  return fileId;
}

/** Returns the caller's own file, or sends envelope 404 (unknown) or 403 (another account's). */
export function requireOwnFile(
  exchange: Exchange,
  runtime: HostRuntime,
  account: AccountRecord,
  fileId: string,
): FileRecord | undefined {
  const lookup = runtime.model.lookupFile(account.login, fileId);
  if (lookup.kind === 'not-found') {
    sendError(exchange, 404, `File not found: ${fileId}`);
    return undefined;
  }
  if (lookup.kind === 'foreign') {
    sendError(exchange, 403, `Permission denied: file ${fileId} belongs to another account`);
    return undefined;
  }
  return lookup.file;
}

/**
 * Returns the folder ID of `value` as the caller may use it (`0` for the
 * root), or sends envelope 400 (malformed), `notFoundStatus` (unknown) or 403
 * (another account's). Uploads report an unknown folder as 400, listings as 404.
 */
export function requireOwnFolder(
  exchange: Exchange,
  runtime: HostRuntime,
  login: string | null,
  value: string,
  notFoundStatus: 400 | 404,
): string | undefined {
  if (value !== '' && !isFolderId(value)) {
    sendError(exchange, 400, `Invalid folder ID: ${value.slice(0, 64)} (expected decimal digits)`);
    return undefined;
  }

  const lookup = runtime.model.lookupFolder(login, value);
  if (lookup.kind === 'not-found') {
    sendError(exchange, notFoundStatus, `Folder not found: ${value}`);
    return undefined;
  }
  if (lookup.kind === 'foreign') {
    sendError(exchange, 403, `Permission denied: folder ${value} belongs to another account`);
    return undefined;
  }
  return lookup.folderId;
}
