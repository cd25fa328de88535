import { z } from 'zod';

/**
 * Collection schemas for the host's PHP-style JSON, where an empty list can arrive as `[]` or
 * `{}`, a list can arrive as an object keyed by ID, and `folders` can be a single object. Issues
 * inside an element are reported under that element's index or key, so an error names the path
 * the host actually sent (`result.files.GGJIW5DU5H.views`).
 */

type Context = z.core.$RefinementCtx;

export interface ListForms {
  /** Accept an object keyed by ID (`{ "GGJIW5DU5H": {...} }`) and return its values. */
  keyed?: boolean;
  /** Accept one bare element that has this property (`folder_id` for a folder). */
  singleWith?: string;
}

/** Builds the schema of a list of `item`, accepted as an array, `{}`, and the other forms in `forms`. */
export function listOf<Item extends z.ZodType>(item: Item, forms: ListForms = {}) {
  return z.unknown().transform((value, context): z.output<Item>[] => {
    if (Array.isArray(value)) return parseEach(item, value.entries(), context);

    if (!isPlainObject(value)) return expected(context, forms, value);

    if (Object.keys(value).length === 0) return [];

    if (forms.singleWith !== undefined && forms.singleWith in value) {
      return parseEach(item, [[null, value]], context);
    }

    if (forms.keyed === true) return parseEach(item, Object.entries(value), context);

    return expected(context, forms, value);
  });
}

/** An object keyed by ID, where PHP sends an empty one as `[]`. */
export const keyedObject = z.unknown().transform((value, context): Record<string, unknown> => {
  if (Array.isArray(value) && value.length === 0) return {};
  if (isPlainObject(value)) return value;

  context.addIssue({ code: 'custom', message: 'expected an object keyed by ID' });
  return z.NEVER;
});

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses each entry; an entry keyed `null` is the collection itself, so its issues keep their paths. */
function parseEach<Item extends z.ZodType>(
  item: Item,
  entries: Iterable<[PropertyKey | null, unknown]>,
  context: Context,
): z.output<Item>[] {
  const parsed: z.output<Item>[] = [];

  for (const [key, element] of entries) {
    const result = item.safeParse(element);
    if (result.success) {
      parsed.push(result.data);
      continue;
    }

    for (const issue of result.error.issues) {
      const path = key === null ? issue.path : [key, ...issue.path];
      context.addIssue({ code: 'custom', message: issue.message, path });
    }
  }

  return parsed;
}

function expected(context: Context, forms: ListForms, value: unknown): never {
  const accepted = ['an array', '{}'];
  if (forms.keyed === true) accepted.push('an object keyed by ID');
  if (forms.singleWith !== undefined) accepted.push(`one object with "${forms.singleWith}"`);

  const received = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  context.addIssue({ code: 'custom', message: `expected ${accepted.join(', ')}; received ${received}` });
  return z.NEVER;
}
