import { errorFromStatus } from './error-from-status.js';
import { HostNotFoundError, type HostError } from './errors.js';
import { cleanHostMessage } from './excerpt.js';
import { isPlainObject } from './schemas/collections.js';
import { fileInfoFileSchema, fileInfoResultSchema, fileInfoStatusSchema } from './schemas/file-info.js';
import { parseResult } from './schemas/parse-result.js';
import type { FileInfoEntry } from './types.js';
import { userMessages } from './user-messages.js';

/**
 * Turns `file/info`'s result into one entry per requested ID, in the order requested. An ID
 * fails with its own error when the host gives it a non-200 `status` or leaves it out.
 * Entries for IDs that were not requested are ignored.
 */
export function fileInfoEntries(
  ids: readonly string[],
  result: unknown,
  secrets: readonly string[],
): FileInfoEntry[] {
  const where = { endpoint: 'file/info', secrets } as const;
  const byId = parseResult(fileInfoResultSchema, result, { ...where, path: ['result'] });

  return ids.map((id): FileInfoEntry => {
    const raw = byId[id];
    if (raw === undefined) return { id, ok: false, error: missingFile(id) };

    const path = ['result', id];
    const { status } = parseResult(fileInfoStatusSchema, raw, { ...where, path });
    if (status === 200)
      return { id, ok: true, file: parseResult(fileInfoFileSchema, raw, { ...where, path }) };

    const message = isPlainObject(raw) && typeof raw.msg === 'string' ? raw.msg : undefined;
    const error = errorFromStatus(status, {
      endpoint: 'file/info',
      envelopeStatus: status,
      httpStatus: null,
      hostMessage: cleanHostMessage(message, secrets),
      fileId: id,
    });
    return { id, ok: false, error };
  });
}

/** Fails every requested ID the same way, after an envelope status 404. */
export function allNotFound(ids: readonly string[], envelopeError: HostError): FileInfoEntry[] {
  return ids.map((id) => ({
    id,
    ok: false,
    error: new HostNotFoundError({
      endpoint: 'file/info',
      envelopeStatus: envelopeError.envelopeStatus,
      httpStatus: envelopeError.httpStatus,
      hostMessage: envelopeError.hostMessage,
      message: `file/info: file ${id} not found: ${envelopeError.message}`,
      userMessage: userMessages.fileNotFound(id),
    }),
  }));
}

function missingFile(id: string): HostNotFoundError {
  return new HostNotFoundError({
    endpoint: 'file/info',
    envelopeStatus: 200,
    message: `file/info: file ${id} is missing from the result`,
    userMessage: userMessages.fileNotFound(id),
  });
}
