/**
 * Discord's embed limits (API v10): a message carrying more is rejected
 * with 50035 Invalid Form Body, so every embed is built within them.
 */
export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** Title, description, field names and values, footer and author together, across all embeds of a message. */
  total: 6000,
  embedsPerMessage: 10,
} as const;
