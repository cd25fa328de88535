import { z } from 'zod';
import type { Folder, FolderFile, FolderListing } from '../types.js';
import { listOf } from './collections.js';
import { decimalId, fileId, httpUrl, parentFolderId, text, timestamp, wholeNumber } from './fields.js';

const folderSchema = z
  .object({
    folder_id: decimalId,
    parent_folder_id: parentFolderId,
    name: text,
    description: text,
  })
  .transform((raw): Folder => ({
    id: raw.folder_id,
    parentId: raw.parent_folder_id,
    name: raw.name,
    description: raw.description,
  }));

const folderFileSchema = z
  .object({
    name: text,
    description: text,
    folder_id: parentFolderId,
    upload_at: timestamp,
    last_at: timestamp,
    status: wholeNumber,
    views: wholeNumber,
    linkextid: fileId,
    link: httpUrl,
  })
  .transform((raw): FolderFile => ({
    id: raw.linkextid,
    name: raw.name,
    description: raw.description,
    folderId: raw.folder_id,
    uploadedAt: raw.upload_at,
    lastAt: raw.last_at,
    status: raw.status,
    views: raw.views,
    link: raw.link,
  }));

/**
 * `file/listfolder`'s result. The host documents `folders` as a single object, so one folder, an
 * array, `{}` and `[]` are all accepted. `files` can be an array, `{}` or an object keyed by ID.
 */
export const listFolderSchema = z
  .object({
    folders: listOf(folderSchema, { singleWith: 'folder_id' }),
    files: listOf(folderFileSchema, { keyed: true }),
  })
  .transform((raw): FolderListing => ({ folders: raw.folders, files: raw.files }));
