import { requireAccount, requireOwnFolder } from './access.js';
import { sendError, type Exchange } from './exchange.js';
import type { FileRecord, FolderRecord } from './model.js';
import type { HostRuntime, ListStyle } from './runtime.js';
import { sendResult } from './send-result.js';

/** `mode=1` lists only the items of the last 24 hours. */
const RECENT_WINDOW_MS = 24 * 60 * 60 * 1000;

function renderFolder(folder: FolderRecord): Record<string, string> {
  return {
    folder_id: folder.id,
    parent_folder_id: folder.parentId,
    name: folder.name,
    description: folder.description,
  };
}

/** Renders one file as the listing shows it; `linkextid` is the uploaded file's own ID, the only ID a listing gives. */
function renderFile(file: FileRecord): Record<string, string> {
  return {
    name: file.name,
    description: file.description,
    folder_id: file.folderId,
    upload_at: String(Math.floor(file.uploadedAt / 1000)),
    last_at: String(Math.floor(file.lastViewedAt / 1000)),
    status: '1',
    views: String(file.views),
    linkextid: file.id,
    link: file.link,
  };
}

function emptyValue(shape: '{}' | '[]'): Record<string, never> | never[] {
  return shape === '{}' ? {} : [];
}

/** Shapes `folders` as the host does: a single object for one folder, an array for several. */
function shapeFolders(folders: FolderRecord[], style: ListStyle): unknown {
  if (folders.length === 0) {
    return emptyValue(style.emptyFolders);
  }
  const rendered = folders.map(renderFolder);
  return rendered.length === 1 ? rendered[0] : rendered;
}

function shapeFiles(files: FileRecord[], style: ListStyle): unknown {
  if (files.length === 0) {
    return emptyValue(style.emptyFiles);
  }
  if (style.files === 'array') {
    return files.map(renderFile);
  }
  return Object.fromEntries(files.map((file) => [file.id, renderFile(file)]));
}

/** `file/listfolder`: the sub-folders and files of `folder_id` (empty or absent: the root). */
export function handleListFolder(exchange: Exchange, runtime: HostRuntime): void {
  const account = requireAccount(exchange, runtime);
  if (account === undefined) {
    return;
  }

  const mode = exchange.query.mode ?? '';
  if (mode !== '' && mode !== '0' && mode !== '1') {
    sendError(exchange, 400, `Invalid mode: ${mode.slice(0, 32)} (expected 0 or 1)`);
    return;
  }

  const folderId = requireOwnFolder(exchange, runtime, account.login, exchange.query.folder_id ?? '', 404);
  if (folderId === undefined) {
    return;
  }

  const since = mode === '1' ? runtime.now() - RECENT_WINDOW_MS : Number.NEGATIVE_INFINITY;
  const folders = runtime.model
    .childFolders(account.login, folderId)
    .filter((folder) => folder.createdAt >= since);
  const files = runtime.model
    .filesInFolder(account.login, folderId)
    .filter((file) => file.uploadedAt >= since);
  const style = runtime.settings.listStyle;

  sendResult(exchange, runtime, { folders: shapeFolders(folders, style), files: shapeFiles(files, style) });
}
