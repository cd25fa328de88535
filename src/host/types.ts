/**
 * The normalized values the host client returns. The host sends numbers and flags as strings
 * and timestamps as Unix seconds. Here they are numbers, booleans and epoch milliseconds, with
 * `null` for a timestamp that is missing or "0".
 */
import type { HostError } from './errors.js';

/** One user's API login and key, both secret. */
export interface HostCredentials {
  login: string;
  key: string;
}

/** The output qualities the host encodes, as `file/converts` accepts them in `output`. */
export const QUALITIES = ['360p', '480p', '720p', '1080p'] as const;
export type Quality = (typeof QUALITIES)[number];

export interface AccountInfo {
  userId: string;
  email: string;
  /** Epoch milliseconds. */
  registeredAt: number | null;
  premium: boolean;
}

/** A file as `file/info` describes it. */
export interface HostFile {
  id: string;
  name: string;
  description: string;
  /** Epoch milliseconds. */
  uploadedAt: number | null;
  /** Epoch milliseconds. */
  lastViewedAt: number | null;
  views: number;
  /** Lower-case hex, or null where the host sends "n/a". */
  md5: string | null;
  /** Quality label (`360p`, ...) to whether it can be played; labels are passed through as sent. */
  availableQualities: Record<string, boolean>;
}

/** The outcome for one requested ID of `file/info`. */
export type FileInfoEntry =
  { id: string; ok: true; file: HostFile } | { id: string; ok: false; error: HostError };

export interface Folder {
  id: string;
  /** Null for a folder at the root (the host sends "0"). */
  parentId: string | null;
  name: string;
  description: string;
}

/** A file as `file/listfolder` describes it. */
export interface FolderFile {
  /** The host's `linkextid`, the ID other endpoints take. */
  id: string;
  name: string;
  description: string;
  /** Null for a file at the root (the host sends "0"). */
  folderId: string | null;
  /** Epoch milliseconds. */
  uploadedAt: number | null;
  /** The host's `last_at`, in epoch milliseconds; the host does not document what it records. */
  lastAt: number | null;
  /** The host's per-file `status`, undocumented ("1" in the documented example). */
  status: number;
  views: number;
  link: string;
}

export interface FolderListing {
  folders: Folder[];
  files: FolderFile[];
}

export interface QualityStatus {
  label: string;
  /** Percent, 0 to 100. */
  progress: number;
  converted: boolean;
  /** The host does not produce this quality (for instance a source below 720p), so it is irrelevant. */
  skipped: boolean;
  locked: boolean;
  /** The host's `retires` field. */
  retries: number;
  /** Converted, not skipped, and at 100 %. A skipped quality can still be marked converted at 0 %. */
  done: boolean;
  codecId: string;
  jobId: string;
  /** Epoch milliseconds. */
  createdAt: number | null;
  /** Epoch milliseconds. */
  updatedAt: number | null;
}

export interface EncodingStatus {
  fileId: string;
  /** The host's `encoding_summary`, e.g. "success". */
  summary: string;
  playable: boolean;
  /** The encoded file's link; null while the host sends none. */
  link: string | null;
  /** The encoded file's `linkextid`, which can differ from the uploaded file's ID. */
  linkId: string | null;
  qualities: QualityStatus[];
}

export interface UploadInput {
  /** A file on disk; it is streamed, never read whole into memory. */
  path: string;
  /** The file name the host stores. */
  name: string;
  /** The file's size in bytes, checked against the file on disk before any request. */
  size: number;
  /** Expected SHA-1 (40 hex digits); the host rejects the upload when the received bytes differ. */
  sha1?: string;
  folderId?: string;
  /** Ask the host to return only http links. */
  httpOnly?: boolean;
  /** The file part's media type; `application/octet-stream` when not given. */
  contentType?: string;
  signal?: AbortSignal;
  /** Called as file bytes are handed to the socket; `sentBytes` reaches `totalBytes` (the file size). */
  onProgress?: (sentBytes: number, totalBytes: number) => void;
}

/** The source of the new file's ID: a field of the upload response, or a `file/listfolder` lookup. */
export type UploadResolution = 'id' | 'linkextid' | 'link' | 'listfolder';

export interface UploadResult {
  fileId: string;
  link: string | null;
  resolvedBy: UploadResolution;
}
