import { z } from 'zod';
import type { QualityStatus } from '../types.js';
import { keyedObject, listOf } from './collections.js';
import {
  decimalId,
  emptyOr,
  fileId,
  flag,
  httpUrl,
  percent,
  text,
  timestamp,
  wholeNumber,
} from './fields.js';

/** `file/converts`'s result: file ID to entry. */
export const convertsResultSchema = keyedObject;

const qualitySchema = z
  .object({
    codec_id: decimalId,
    job_id: decimalId,
    converted: flag,
    locked: flag,
    created_timestamp: timestamp,
    updated_timestamp: timestamp,
    skipped: flag,
    progress: percent,
    retires: wholeNumber,
    label: text,
  })
  .transform((raw): QualityStatus => ({
    label: raw.label,
    progress: raw.progress,
    converted: raw.converted,
    skipped: raw.skipped,
    locked: raw.locked,
    retries: raw.retires,
    // The host marks a skipped quality converted at 0 %, so neither flag decides alone.
    done: raw.converted && !raw.skipped && raw.progress >= 100,
    codecId: raw.codec_id,
    jobId: raw.job_id,
    createdAt: raw.created_timestamp,
    updatedAt: raw.updated_timestamp,
  }));

/** One file's entry in `file/converts`. */
export const convertsEntrySchema = z.object({
  encoding_summary: text,
  is_playable: flag,
  link: emptyOr(httpUrl),
  linkextid: emptyOr(fileId),
  encoding_status: listOf(qualitySchema),
});
