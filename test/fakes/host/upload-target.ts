import { isFolderId } from './access.js';
import type { HostRuntime } from './runtime.js';
import type { UploadTarget } from './tickets.js';

export interface UploadRejection {
  status: number;
  msg: string;
}

const SHA1_PATTERN = /^[0-9a-fA-F]{40}$/;

/**
 * Checks the query of an upload (`login`, `key`, `folder`, `sha1`) without
 * sending a response, so that a direct upload can read the body before it is rejected.
 * Login and key are documented as optional: with neither, the upload belongs
 * to no account and may only go to the root.
 */
export function checkUploadTarget(
  runtime: HostRuntime,
  query: Record<string, string>,
): UploadTarget | UploadRejection {
  const { login = '', key = '', folder = '', sha1 = '' } = query;

  let owner: string | null = null;
  if (login !== '' || key !== '') {
    const account = runtime.model.authenticate(login, key);
    if (account === undefined) {
      return { status: 403, msg: 'Wrong API login or key' };
    }
    owner = account.login;
  }

  if (folder !== '' && !isFolderId(folder)) {
    return { status: 400, msg: `Invalid folder ID: ${folder.slice(0, 64)} (expected decimal digits)` };
  }
  const lookup = runtime.model.lookupFolder(owner, folder);
  if (lookup.kind === 'not-found') {
    return { status: 400, msg: `Folder not found: ${folder}` };
  }
  if (lookup.kind === 'foreign') {
    return { status: 403, msg: `Permission denied: folder ${folder} belongs to another account` };
  }

  if (sha1 !== '' && !SHA1_PATTERN.test(sha1)) {
    return { status: 400, msg: 'Invalid sha1: expected 40 hexadecimal digits' };
  }

  return { login: owner, folderId: lookup.folderId, sha1: sha1 === '' ? null : sha1.toLowerCase() };
}

export function isRejection(value: UploadTarget | UploadRejection): value is UploadRejection {
  return 'status' in value;
}
