/**
 * Reads the ID list of `/file`: IDs separated by commas, spaces or line
 * breaks. A link to a file's page (`…/v/<ID>`) counts as its ID, repeats are
 * dropped with the first occurrence's position kept, and anything else is
 * returned as invalid, so no junk reaches the host.
 */

/** The maximum of distinct IDs in one `/file`: ten `file/info` requests of 50. */
export const MAX_FILE_IDS = 500;

/** Letters and digits, at most 64, as the host client's own input check accepts them. */
const FILE_ID = /^[A-Za-z0-9]{1,64}$/;
const PAGE_LINK = /^https?:\/\/[^/\s]+\/v\/([A-Za-z0-9]{1,64})\/?$/;

export interface FileIdList {
  /** Distinct valid IDs, in the order first given. */
  ids: string[];
  /** Tokens that are not file IDs, in the order given, repeats dropped. */
  invalid: string[];
  /** How many tokens repeated an earlier valid ID. */
  duplicates: number;
}

export function parseFileIdList(input: string): FileIdList {
  const ids = new Set<string>();
  const invalid = new Set<string>();
  let duplicates = 0;

  for (const token of input.split(/[\s,]+/)) {
    if (token === '') continue;

    const id = fileIdOf(token);
    if (id === null) {
      invalid.add(token);
    } else if (ids.has(id)) {
      duplicates += 1;
    } else {
      ids.add(id);
    }
  }

  return { ids: [...ids], invalid: [...invalid], duplicates };
}

function fileIdOf(token: string): string | null {
  if (FILE_ID.test(token)) return token;
  return PAGE_LINK.exec(token)?.[1] ?? null;
}
