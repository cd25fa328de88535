import type { EncodingJob } from './encoding.js';
import type { FileRecord } from './model.js';
import type { HostRuntime } from './runtime.js';

export interface NewFile {
  ownerLogin: string | null;
  name: string;
  description: string;
  folderId: string;
  /** Epoch ms. */
  uploadedAt: number;
  views: number;
  sourceHeight: number | null;
  encoding: EncodingJob;
}

/** Returns the page of a file or encoded file on the fake, which the `link` fields point at. */
export function pageUrl(runtime: HostRuntime, id: string): string {
  return `${runtime.origin}/v/${id}`;
}

/** Adds a file with a new ID and a different ID for its encoded file, both with pages on the fake. */
export function createFile(runtime: HostRuntime, input: NewFile): FileRecord {
  const id = runtime.model.newFileId();
  let encodedLinkextid = runtime.model.newFileId();
  while (encodedLinkextid === id) {
    encodedLinkextid = runtime.model.newFileId();
  }

  return runtime.model.addFile({
    ...input,
    id,
    // A new file counts as last seen at its upload, as the documented listing shows for a file with 0 views.
    lastViewedAt: input.uploadedAt,
    link: pageUrl(runtime, id),
    encodedLinkextid,
    encodedLink: pageUrl(runtime, encodedLinkextid),
    mainSplashUrl: null,
    splashOverride: null,
  });
}
