import { z } from 'zod';
import type { AccountInfo } from '../types.js';
import { decimalId, flag, text, timestamp } from './fields.js';

/** `account/info`'s result. */
export const accountInfoSchema = z
  .object({
    user_id: decimalId,
    user_email: text,
    user_regdate: timestamp,
    premium_active: flag,
  })
  .transform((raw): AccountInfo => ({
    userId: raw.user_id,
    email: raw.user_email,
    registeredAt: raw.user_regdate,
    premium: raw.premium_active,
  }));
