import { pino, type Logger, type DestinationStream } from 'pino';
import { redact } from './host/redact.js';

export type { Logger } from 'pino';

/**
 * Structured logs (pino). Field names that may hold a secret are censored by
 * path, and every error's message and stack go through the same redaction the
 * host client uses, so a URL with `key=` never reaches the output.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'host-relay-bot' },
    redact: {
      paths: [
        'key',
        'login',
        'apiKey',
        '*.key',
        '*.login',
        '*.apiKey',
        'credentials',
        '*.credentials',
        'token',
      ],
      censor: '[redacted]',
    },
    serializers: { err: serializeError, error: serializeError },
  };
  return destination ? pino(options, destination) : pino(options);
}

interface SerializedError {
  type: string;
  message: string;
  stack?: string;
  code?: unknown;
  cause?: SerializedError | string;
  [field: string]: unknown;
}

/** Flattens an error (and its causes) to plain fields with secrets removed. */
export function serializeError(error: unknown, depth = 0): SerializedError | string {
  if (!(error instanceof Error)) return redact(String(error));

  const serialized: SerializedError = {
    type: error.name,
    message: redact(error.message),
  };
  if (error.stack) serialized.stack = redact(error.stack);

  for (const field of [
    'code',
    'endpoint',
    'envelopeStatus',
    'httpStatus',
    'hostMessage',
    'status',
  ] as const) {
    const value = (error as unknown as Record<string, unknown>)[field];
    if (value !== undefined) serialized[field] = typeof value === 'string' ? redact(value) : value;
  }

  // A cause chain can loop; four levels cover undici's wrappers.
  if (error.cause !== undefined && depth < 4) serialized.cause = serializeError(error.cause, depth + 1);
  return serialized;
}

export type { DestinationStream };
