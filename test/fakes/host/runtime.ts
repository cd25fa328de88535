import type { DocumentedExamples } from './examples.js';
import type { RecordedRequest } from './exchange.js';
import type { FaultQueue } from './faults.js';
import type { SplashImages } from './splash-images.js';
import type { FakeAccount, HostModel } from './model.js';
import type { UploadTickets } from './tickets.js';

export type UploadStyle = 'ticket' | 'direct';
export type UploadResultStyle = 'id' | 'linkextid' | 'link' | 'none';

export interface ListStyle {
  /** How `folders` looks when a folder has no sub-folder. */
  emptyFolders: '{}' | '[]';
  /** How `files` looks when a folder has no file. */
  emptyFiles: '{}' | '[]';
  /** `files` as an array, or as an object keyed by file ID. */
  files: 'array' | 'keyed';
}

/** Behaviour switches that tests may change at any time. */
export interface HostSettings {
  uploadStyle: UploadStyle;
  uploadResultStyle: UploadResultStyle;
  /** Time for one quality to go from 0 to 100 %, in ms; read when a file is created. */
  encodingDurationMs: number;
  ticketLifetimeMs: number;
  listStyle: ListStyle;
  /** `file/info` reports an unknown ID with a per-file status 404, or leaves it out of `result`. */
  notFoundStyle: 'status' | 'omit';
}

export interface UploadRecord {
  /** Null when nothing was created (SHA-1 mismatch). */
  fileId: string | null;
  /** Null for an upload without login and key. */
  login: string | null;
  name: string;
  /** Bytes. */
  size: number;
  /** Lower-case hexadecimal SHA-1 of the received bytes. */
  sha1: string;
  folderId: string;
  /** Pixels, from the MP4 track header; null when not read or not a video. */
  width: number | null;
  height: number | null;
}

/** Everything a route handler may read or change. */
export interface HostRuntime {
  readonly origin: string;
  readonly settings: HostSettings;
  readonly model: HostModel;
  readonly tickets: UploadTickets;
  readonly faults: FaultQueue;
  readonly examples: DocumentedExamples;
  /** The documented account, whose documented requests get the documented bytes. */
  readonly exampleAccount: FakeAccount;
  readonly splashImages: SplashImages;
  /** Directory for uploads in transit; each file is deleted once read. */
  readonly tempDir: string;
  readonly requests: RecordedRequest[];
  readonly uploads: UploadRecord[];
  readonly timers: Set<NodeJS.Timeout>;
  /** The fake's clock, epoch ms. */
  now(): number;
}
