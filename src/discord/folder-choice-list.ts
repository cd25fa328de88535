import type { ApplicationCommandOptionChoiceData } from 'discord.js';
import type { Folder } from '../host/types.js';

/** Discord shows at most 25 autocomplete choices, each named in at most 100 characters. */
const MAX_CHOICES = 25;
const MAX_CHOICE_NAME = 100;

/**
 * Autocomplete choices for `folder_id`: the folders whose name contains what
 * the user typed (ignoring case) or whose ID starts with it, named
 * "work (26)". Choice names are plain text in Discord's picker, so they are
 * cleaned of control characters rather than markdown-escaped.
 */
export function folderChoices(
  folders: readonly Folder[],
  typed: string,
): ApplicationCommandOptionChoiceData<string>[] {
  const query = typed.trim().toLowerCase();

  return folders
    .filter(
      (folder) => query === '' || folder.id.startsWith(query) || folder.name.toLowerCase().includes(query),
    )
    .slice(0, MAX_CHOICES)
    .map((folder) => ({ name: choiceName(folder), value: folder.id }));
}

function choiceName(folder: Folder): string {
  const suffix = ` (${folder.id})`;
  // eslint-disable-next-line no-control-regex -- control characters would garble the picker
  const name = folder.name.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (name === '') return `Folder ${folder.id}`.slice(0, MAX_CHOICE_NAME);

  const room = MAX_CHOICE_NAME - suffix.length;
  const shown = name.length <= room ? name : `${name.slice(0, room - 1)}…`;
  return `${shown}${suffix}`;
}
