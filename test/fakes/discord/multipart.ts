import type { IncomingHttpHeaders } from 'node:http';

import busboy from 'busboy';

import { DiscordErrors } from './errors.js';

/** A file part of a multipart request, as the fake received it. */
export interface RecordedFile {
  /** The form field name, `files[0]` for discord.js. */
  field: string;
  filename: string;
  contentType: string;
  data: Buffer;
}

/** A parsed multipart body: the JSON from `payload_json` (or from plain fields) and the file parts. */
export interface MultipartBody {
  json: Record<string, unknown>;
  files: RecordedFile[];
}

/** Returns true when a request's content type is multipart/form-data. */
export function isMultipart(headers: IncomingHttpHeaders): boolean {
  return (headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

/**
 * Parses a multipart/form-data body the way Discord does: `payload_json` carries the JSON body,
 * other plain fields become top-level keys, and every file part is kept with its field name.
 */
export async function parseMultipart(headers: IncomingHttpHeaders, body: Buffer): Promise<MultipartBody> {
  const parser = busboy({ headers, defParamCharset: 'utf8' });
  const fields = new Map<string, string>();
  const files: RecordedFile[] = [];
  const pending: Promise<void>[] = [];

  parser.on('field', (name, value) => {
    fields.set(name, value);
  });

  parser.on('file', (name, stream, info) => {
    const file: RecordedFile = {
      field: name,
      // A part without a file name is still a file to Discord; it names such uploads itself.
      filename: info.filename ?? 'unknown',
      contentType: info.mimeType,
      data: Buffer.alloc(0),
    };
    files.push(file);
    pending.push(collectFile(stream, file));
  });

  const finished = new Promise<void>((resolve, reject) => {
    parser.on('close', resolve);
    parser.on('error', reject);
  });

  parser.end(body);
  await finished;
  await Promise.all(pending);

  return { json: fieldsToJson(fields), files };
}

async function collectFile(stream: NodeJS.ReadableStream, file: RecordedFile): Promise<void> {
  const chunks: Buffer[] = [];

  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }

  file.data = Buffer.concat(chunks);
}

function fieldsToJson(fields: Map<string, string>): Record<string, unknown> {
  const payload = fields.get('payload_json');
  let json: Record<string, unknown> = {};

  if (payload !== undefined) {
    json = asJsonObject(parseJsonBody(payload));
  }

  for (const [name, value] of fields) {
    if (name !== 'payload_json' && !(name in json)) {
      json[name] = value;
    }
  }

  return json;
}

/** Parses a JSON request body, rejecting malformed text with Discord's 50109. */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Discord rejects malformed JSON with 50109, and the parser's message adds nothing for the client.
    throw DiscordErrors.invalidJson();
  }
}

/** Narrows a parsed body to a JSON object, rejecting arrays and scalars with Discord's 50109. */
export function asJsonObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw DiscordErrors.invalidJson();
  }

  return value as Record<string, unknown>;
}
