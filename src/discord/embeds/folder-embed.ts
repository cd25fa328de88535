import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { Folder, FolderFile, FolderListing } from '../../host/types.js';
import { shownLink } from '../file-link.js';
import { discordTime } from './discord-time.js';
import { hostText } from './host-text.js';

/**
 * One page of a folder listing: sub-folders first, then files, each a field.
 * Pages hold a fixed number of items, so a page number in a button's custom
 * ID names the same items after a restart. The caps below keep any page
 * under Discord's 6,000 characters: 10 fields of at most 103 + about 450
 * characters, plus a title and a one-line description.
 */
export const FOLDER_ITEMS_PER_PAGE = 10;

const NAME_MAX = 100;
const SNIPPET_MAX = 150;

export interface FolderPageOptions {
  /** Undefined for the root folder. */
  folderId: string | undefined;
  recent: boolean;
  /** From 0; a page past the end shows the last page. */
  page: number;
  /** The API URL, to build a file's link when the host's is unusable. */
  apiUrl: string;
}

export function folderPageCount(listing: FolderListing): number {
  const items = listing.folders.length + listing.files.length;
  return Math.max(1, Math.ceil(items / FOLDER_ITEMS_PER_PAGE));
}

/** Builds page `options.page` of `listing`, clamped to the pages there are. */
export function folderPageEmbed(listing: FolderListing, options: FolderPageOptions): APIEmbed {
  const page = Math.min(Math.max(options.page, 0), folderPageCount(listing) - 1);
  const start = page * FOLDER_ITEMS_PER_PAGE;
  const fields = [
    ...listing.folders.map(folderField),
    ...listing.files.map((file) => fileField(file, options.apiUrl)),
  ].slice(start, start + FOLDER_ITEMS_PER_PAGE);

  return {
    title: titleOf(options),
    description: descriptionOf(listing, options.recent),
    ...(fields.length === 0 ? {} : { fields }),
  };
}

function titleOf(options: FolderPageOptions): string {
  const folder = options.folderId === undefined ? 'Root folder' : `Folder ${options.folderId}`;
  return options.recent ? `${folder}: last 24 hours` : folder;
}

function descriptionOf(listing: FolderListing, recent: boolean): string {
  const folders = listing.folders.length;
  const files = listing.files.length;

  if (folders === 0 && files === 0) {
    return recent ? 'Nothing was added to this folder in the last 24 hours.' : 'This folder is empty.';
  }
  return `${count(folders, 'folder')} and ${count(files, 'file')}.`;
}

function folderField(folder: Folder): APIEmbedField {
  const name = hostText(folder.name, NAME_MAX);
  const lines = [`Folder ID ${folder.id}`, snippet(folder.description)];

  return { name: `📁 ${name === '' ? folder.id : name}`, value: joinLines(lines) };
}

function fileField(file: FolderFile, apiUrl: string): APIEmbedField {
  const name = hostText(file.name, NAME_MAX);
  const lines = [
    `ID ${file.id} · ${count(file.views, 'view')}`,
    `Uploaded ${discordTime(file.uploadedAt)}`,
    shownLink(file.link, apiUrl, file.id),
    snippet(file.description),
  ];

  return { name: name === '' ? file.id : name, value: joinLines(lines) };
}

/** Puts a description on one line, escaped and cut short for a listing. */
function snippet(description: string): string {
  return hostText(description.replace(/\s+/g, ' '), SNIPPET_MAX);
}

function joinLines(lines: string[]): string {
  return lines.filter((line) => line !== '').join('\n');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
