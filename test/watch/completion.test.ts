import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { convertsEntrySchema } from '../../src/host/schemas/converts.js';
import type { QualityStatus } from '../../src/host/types.js';
import {
  allProducedQualitiesDone,
  CONVERTS_SAFETY_NET_EVERY,
  convertsReason,
  hostEncodingMs,
  judgeEncoding,
} from '../../src/watch/completion.js';

function quality(label: string, fields: Partial<QualityStatus> = {}): QualityStatus {
  const converted = fields.converted ?? false;
  const skipped = fields.skipped ?? false;
  const progress = fields.progress ?? 0;
  return {
    label,
    progress,
    converted,
    skipped,
    locked: false,
    retries: 0,
    done: converted && !skipped && progress >= 100,
    codecId: '85',
    jobId: '1',
    createdAt: null,
    updatedAt: null,
    ...fields,
  };
}

const ready = (label: string) => quality(label, { converted: true, progress: 100 });
/** A skipped quality as the host documents it: converted "1" at 0 %. */
const skipped = (label: string) => quality(label, { converted: true, skipped: true, progress: 0 });

describe('judgeEncoding', () => {
  it('finds the documented FXSNPOKMT4 example done', async () => {
    const text = await readFile(new URL('../fakes/host/examples/converts.json', import.meta.url), 'utf8');
    const raw = (JSON.parse(text) as { result: Record<string, unknown> }).result.FXSNPOKMT4;
    const entry = convertsEntrySchema.parse(raw);
    const status = {
      summary: entry.encoding_summary,
      playable: entry.is_playable,
      qualities: entry.encoding_status,
    };

    expect(status.qualities.map((q) => [q.label, q.skipped, q.done])).toEqual([
      ['360p', false, true],
      ['480p', false, true],
      ['720p', true, false],
      ['1080p', true, false],
    ]);
    expect(judgeEncoding(status)).toBe('done');
    expect(judgeEncoding({ ...status, summary: 'pending', playable: false })).toBe('done');
  });

  it('takes success and playable as done', () => {
    expect(judgeEncoding({ summary: 'success', playable: true, qualities: [] })).toBe('done');
    expect(judgeEncoding({ summary: ' Success ', playable: true, qualities: [] })).toBe('done');
  });

  it('waits while a produced quality runs', () => {
    const qualities = [ready('360p'), quality('480p', { progress: 40 }), skipped('1080p')];

    expect(judgeEncoding({ summary: 'pending', playable: true, qualities })).toBe('pending');
    expect(judgeEncoding({ summary: 'success', playable: false, qualities })).toBe('pending');
  });

  it('does not count converted at 99 % as done', () => {
    const qualities = [quality('360p', { converted: true, progress: 99, done: false })];
    expect(judgeEncoding({ summary: 'pending', playable: false, qualities })).toBe('pending');
  });

  it.each(['failed', 'error', 'FAILED', ' Error'])('reports summary %j as failed', (summary) => {
    expect(judgeEncoding({ summary, playable: true, qualities: [ready('360p')] })).toBe('failed');
  });

  it('never calls an all-skipped file done', () => {
    expect(allProducedQualitiesDone([skipped('720p'), skipped('1080p')])).toBe(false);
    expect(allProducedQualitiesDone([])).toBe(false);
    expect(judgeEncoding({ summary: 'pending', playable: false, qualities: [skipped('720p')] })).toBe(
      'pending',
    );
  });
});

describe('convertsReason', () => {
  const some = { '360p': true, '480p': false, '720p': false, '1080p': false };

  it('asks on the first poll', () => {
    expect(convertsReason({ previous: null, current: some, attempts: 0 })).toBe('first-poll');
  });

  it('asks when availability changed', () => {
    const more = { ...some, '480p': true };
    expect(convertsReason({ previous: some, current: more, attempts: 1 })).toBe('availability-changed');
    expect(convertsReason({ previous: some, current: { '360p': true, '480p': false }, attempts: 1 })).toBe(
      null,
    );
    expect(convertsReason({ previous: some, current: { ...some, '2160p': true }, attempts: 1 })).toBe(
      'availability-changed',
    );
  });

  it('asks while everything is available', () => {
    const all = { '360p': true, '480p': true };
    expect(convertsReason({ previous: all, current: all, attempts: 1 })).toBe('all-available');
  });

  it('skips unchanged files except every Nth poll', () => {
    const reasons = [1, 2, 3, 4, 5, 6, 7].map((attempts) =>
      convertsReason({ previous: some, current: some, attempts }),
    );

    expect(CONVERTS_SAFETY_NET_EVERY).toBe(4);
    expect(reasons).toEqual([null, null, 'safety-net', null, null, null, 'safety-net']);
  });
});

describe('hostEncodingMs', () => {
  it('spans the produced qualities only', () => {
    const qualities = [
      quality('360p', { createdAt: 1_000_000, updatedAt: 1_060_000 }),
      quality('480p', { createdAt: 1_000_000, updatedAt: 1_250_000 }),
      quality('1080p', { skipped: true, createdAt: 900_000, updatedAt: 2_000_000 }),
    ];
    expect(hostEncodingMs(qualities)).toBe(250_000);
  });

  it('returns null without timestamps', () => {
    expect(hostEncodingMs([quality('360p')])).toBeNull();
  });
});
