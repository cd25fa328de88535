import { z } from 'zod';
import type { HostFile } from '../types.js';
import { keyedObject } from './collections.js';
import { fileId, flag, md5, text, timestamp, wholeNumber } from './fields.js';

/** `file/info`'s result: requested ID to entry. Each entry is parsed on its own, by its `status`. */
export const fileInfoResultSchema = keyedObject;

/** The part of every entry that decides how the rest is read. */
export const fileInfoStatusSchema = z.object({ status: wholeNumber });

/** An entry whose own `status` is 200. */
export const fileInfoFileSchema = z
  .object({
    id: fileId,
    name: text,
    description: text,
    upload_date_unix_timestamp: timestamp,
    last_view_date_unix_timestamp: timestamp,
    views_count: wholeNumber,
    md5,
    available_qualities: keyedObject.pipe(z.record(z.string(), flag)),
  })
  .transform((raw): HostFile => ({
    id: raw.id,
    name: raw.name,
    description: raw.description,
    uploadedAt: raw.upload_date_unix_timestamp,
    lastViewedAt: raw.last_view_date_unix_timestamp,
    views: raw.views_count,
    md5: raw.md5,
    availableQualities: raw.available_qualities,
  }));
