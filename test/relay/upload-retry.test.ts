import { describe, expect, it } from 'vitest';

import { HostBadRequestError, HostRateLimitError, HostServerError } from '../../src/host/errors.js';
import type { UploadInput, UploadResult } from '../../src/host/types.js';
import { RelayCancelledError, RelayUploadFailedError } from '../../src/relay/errors.js';
import { retryDelay, uploadWithRetry, type RelayUploadClient } from '../../src/relay/upload-retry.js';

const POLICY = { attempts: 4, baseDelayMs: 1_000, maxDelayMs: 5_000 };
const INPUT: UploadInput = { path: '/tmp/none.part', name: 'clip.mp4', size: 10 };
const RESULT: UploadResult = { fileId: 'FXR1I5PIK1', link: null, resolvedBy: 'id' };

function serverError(): HostServerError {
  return new HostServerError({ endpoint: 'upload', message: 'upload: 502', userMessage: 'The host failed.' });
}

/** Makes a client that throws the given errors in turn, then succeeds. */
function scriptedClient(errors: unknown[]): RelayUploadClient & { calls: number } {
  const client = {
    calls: 0,
    upload: async (): Promise<UploadResult> => {
      client.calls += 1;
      const error = errors.shift();
      if (error !== undefined) throw error;
      return RESULT;
    },
  };
  return client;
}

describe('retryDelay', () => {
  it('doubles per attempt with half of it jittered', () => {
    expect([1, 2, 3].map((attempt) => retryDelay(attempt, POLICY, () => 0))).toEqual([500, 1_000, 2_000]);
    expect([1, 2, 3].map((attempt) => retryDelay(attempt, POLICY, () => 0.999_999))).toEqual([
      1_000, 2_000, 4_000,
    ]);
  });

  it('caps the delay at maxDelayMs', () => {
    expect(retryDelay(10, POLICY, () => 0.999_999)).toBe(5_000);
  });

  it('waits at least the Retry-After of a 429', () => {
    const limited = new HostRateLimitError({
      endpoint: 'upload',
      message: 'upload: 429',
      userMessage: 'Too many requests.',
      retryAfterMs: 3_000,
    });

    expect(retryDelay(1, POLICY, () => 0, limited)).toBe(3_000);
  });
});

describe('uploadWithRetry', () => {
  it('retries server errors until success', async () => {
    const client = scriptedClient([serverError(), serverError()]);
    const retries: Array<[number, number]> = [];

    const outcome = await uploadWithRetry(
      client,
      INPUT,
      { ...POLICY, baseDelayMs: 2, maxDelayMs: 4 },
      {
        onRetry: (attempt, delayMs) => retries.push([attempt, delayMs]),
        random: () => 0,
      },
    );

    expect(outcome).toEqual({ result: RESULT, attempts: 3 });
    expect(retries).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('stops after the last attempt', async () => {
    const client = scriptedClient([serverError(), serverError(), serverError()]);

    const error = await uploadWithRetry(client, INPUT, { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(RelayUploadFailedError);
    expect((error as RelayUploadFailedError).attempts).toBe(3);
    expect((error as RelayUploadFailedError).hostCode).toBe('HOST_SERVER_ERROR');
    expect((error as RelayUploadFailedError).userMessage).toBe(
      'The bot tried the upload 3 times. The host failed.',
    );
    expect((error as RelayUploadFailedError).message).toBe(
      'Upload failed after 3 attempts (HOST_SERVER_ERROR)',
    );
    expect(client.calls).toBe(3);
  });

  it('does not retry a bad request', async () => {
    const rejected = new HostBadRequestError({
      endpoint: 'upload',
      message: 'upload: 400',
      userMessage: 'The host rejected the request: sha1 mismatch',
    });
    const client = scriptedClient([rejected]);

    const error = await uploadWithRetry(client, INPUT, POLICY).catch((caught: unknown) => caught);

    expect(client.calls).toBe(1);
    expect((error as RelayUploadFailedError).userMessage).toBe(
      'The host rejected the request: sha1 mismatch',
    );
    expect((error as RelayUploadFailedError).cause).toBe(rejected);
  });

  it('does not retry an error that is not the host', async () => {
    const client = scriptedClient([new Error('EACCES')]);

    const error = await uploadWithRetry(client, INPUT, POLICY).catch((caught: unknown) => caught);

    expect(client.calls).toBe(1);
    expect((error as RelayUploadFailedError).hostCode).toBeNull();
    expect((error as RelayUploadFailedError).message).toBe(
      'Upload failed after 1 attempt (not a host error)',
    );
  });

  it('ends the wait early when aborted', async () => {
    const client = scriptedClient([serverError()]);
    const controller = new AbortController();

    const error = await uploadWithRetry(
      client,
      INPUT,
      { attempts: 2, baseDelayMs: 60_000, maxDelayMs: 60_000 },
      {
        signal: controller.signal,
        onRetry: () => setTimeout(() => controller.abort(), 10),
      },
    ).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RelayCancelledError);
    expect(client.calls).toBe(1);
  });

  it('does not start when already aborted', async () => {
    const client = scriptedClient([]);

    const error = await uploadWithRetry(client, INPUT, POLICY, { signal: AbortSignal.abort() }).catch(
      (caught: unknown) => caught,
    );

    expect(error).toBeInstanceOf(RelayCancelledError);
    expect(client.calls).toBe(0);
  });
});
