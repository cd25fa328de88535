/**
 * Messages for Discord users, one per error case. They state what happened in the user's terms and
 * what to do next. They never contain a URL, a key or a stack.
 */

export const userMessages = {
  loginRejected: 'The host rejected your API login or key. Run /login to link your account again.',

  accessDenied:
    'The host denied access. Either the file belongs to another account, or your API login or key ' +
    'is no longer valid; in that case run /login to link your account again.',

  folderAccessDenied:
    'The host denied access. Either the folder belongs to another account, or your API login or key ' +
    'is no longer valid; in that case run /login to link your account again.',

  fileNotFound: (fileId: string): string => `The host has no file with ID ${fileId}.`,

  notFound: 'The host found no such file or folder.',

  badRequest: (hostMessage: string | null): string =>
    hostMessage === null || hostMessage === ''
      ? 'The host rejected the request as invalid.'
      : `The host rejected the request: ${hostMessage}`,

  legal: 'The host has blocked this file for legal reasons.',

  serverError: 'The host reported an internal error. Try again in a few minutes.',

  rateLimited: 'The host is receiving too many requests. Try again in a minute.',

  unavailable: 'The host could not be reached or did not answer in time. Try again in a few minutes.',

  invalidResponse:
    "The host sent a reply the bot could not read. Try again later, and tell the bot's operator if it keeps happening.",

  uploadNotFound:
    'The host accepted the upload, but the bot could not find the new file. Check your recent files with /folder.',

  aborted: 'The upload was cancelled.',
} as const;
