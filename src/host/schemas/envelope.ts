import { z } from 'zod';
import { wholeNumber } from './fields.js';

/**
 * The envelope every API response is wrapped in. `status` decides the outcome; `msg` is a
 * human-readable detail that is never used to decide anything.
 */
export const envelopeSchema = z.object({
  status: wholeNumber,
  msg: z
    .unknown()
    .optional()
    .transform((value) => (typeof value === 'string' ? value : undefined)),
  result: z.unknown(),
});

export type Envelope = z.output<typeof envelopeSchema>;
