/** The JSON body of a Discord error response. */
export interface DiscordErrorBody {
  message: string;
  code: number;
  errors?: FormErrorTree;
}

/** Discord's nested description of invalid fields, with the `_errors` list at each leaf. */
export interface FormErrorTree {
  [key: string]: FormErrorTree | FormErrorEntry[];
}

export interface FormErrorEntry {
  code: string;
  message: string;
}

/** One invalid field of a request body, located by its path (`['embeds', 0, 'title']`). */
export interface FormError {
  path: (string | number)[];
  code: string;
  message: string;
}

/** An error a route handler throws to make the server send Discord's status and body. */
export class DiscordHttpError extends Error {
  readonly status: number;
  readonly body: DiscordErrorBody;

  constructor(status: number, body: DiscordErrorBody) {
    super(`${status} ${body.message} (code ${body.code})`);
    this.name = 'DiscordHttpError';
    this.status = status;
    this.body = body;
  }
}

function apiError(status: number, code: number, message: string): DiscordHttpError {
  return new DiscordHttpError(status, { message, code });
}

/** Discord's JSON error codes, as its API documentation lists them, with the HTTP status each comes with. */
export const DiscordErrors = {
  unauthorized: () => apiError(401, 0, '401: Unauthorized'),
  notFound: () => apiError(404, 0, '404: Not Found'),
  methodNotAllowed: () => apiError(405, 0, '405: Method Not Allowed'),
  unknownGuild: () => apiError(404, 10004, 'Unknown Guild'),
  unknownChannel: () => apiError(404, 10003, 'Unknown Channel'),
  unknownMember: () => apiError(404, 10007, 'Unknown Member'),
  unknownMessage: () => apiError(404, 10008, 'Unknown Message'),
  unknownUser: () => apiError(404, 10013, 'Unknown User'),
  unknownWebhook: () => apiError(404, 10015, 'Unknown Webhook'),
  unknownApplication: () => apiError(404, 10002, 'Unknown Application'),
  unknownApplicationCommand: () => apiError(404, 10063, 'Unknown application command'),
  unknownInteraction: () => apiError(404, 10062, 'Unknown interaction'),
  requestEntityTooLarge: () => apiError(413, 40005, 'Request entity too large'),
  alreadyAcknowledged: () => apiError(400, 40060, 'Interaction has already been acknowledged.'),
  missingAccess: () => apiError(403, 50001, 'Missing Access'),
  cannotSendEmptyMessage: () => apiError(400, 50006, 'Cannot send an empty message'),
  cannotEditOthersMessage: () => apiError(403, 50005, 'Cannot edit a message authored by another user'),
  cannotMessageUser: () => apiError(403, 50007, 'Cannot send messages to this user'),
  missingPermissions: () => apiError(403, 50013, 'Missing Permissions'),
  invalidWebhookToken: () => apiError(401, 50027, 'Invalid Webhook Token'),
  invalidJson: () => apiError(400, 50109, 'The request body contains invalid JSON.'),
} as const;

/** Builds Discord's 400 "Invalid Form Body" (code 50035) error from a list of invalid fields. */
export function invalidFormBody(errors: FormError[]): DiscordHttpError {
  const tree: FormErrorTree = {};

  for (const error of errors) {
    let node = tree;

    for (const key of error.path) {
      const child = node[String(key)];
      const next: FormErrorTree = child && !Array.isArray(child) ? child : {};
      node[String(key)] = next;
      node = next;
    }

    const entries = node._errors;
    const list: FormErrorEntry[] = Array.isArray(entries) ? entries : [];
    list.push({ code: error.code, message: error.message });
    node._errors = list;
  }

  return new DiscordHttpError(400, { message: 'Invalid Form Body', code: 50035, errors: tree });
}
