import { HostNotFoundError } from './errors.js';
import { allNotFound, fileInfoEntries } from './file-info-entries.js';
import type { HostHttp } from './http.js';
import {
  MAX_IDS_PER_REQUEST,
  checkCredentials,
  checkFileId,
  checkFileIdBatch,
  checkFileIdList,
  checkFolderId,
  checkQuality,
  checkSplashIndex,
} from './ids.js';
import type { HostUrls } from './request-url.js';
import { accountInfoSchema } from './schemas/account-info.js';
import { convertsEntrySchema, convertsResultSchema } from './schemas/converts.js';
import { splashSchema } from './schemas/getsplash.js';
import { listFolderSchema } from './schemas/list-folder.js';
import { parseResult } from './schemas/parse-result.js';
import type {
  AccountInfo,
  EncodingStatus,
  FileInfoEntry,
  FolderListing,
  HostCredentials,
  Quality,
  UploadInput,
  UploadResult,
} from './types.js';
import { uploadFile } from './upload.js';
import { userMessages } from './user-messages.js';

export interface ListFolderOptions {
  /** Decimal digits; the root when left out. */
  folderId?: string;
  /** Only the items of the last 24 hours (`mode=1`). */
  recent?: boolean;
  signal?: AbortSignal;
}

/**
 * One user's view of the host: every method sends that user's login and key. Made by
 * `HostConnection.forUser`, and cheap, so make one per command. It logs nothing: each method
 * returns normalized values or throws a `HostError`, after checking its arguments before any
 * request.
 */
export class HostClient {
  readonly #http: HostHttp;
  readonly #urls: HostUrls;
  readonly #credentials: HostCredentials;
  readonly #requireHttps: boolean;
  readonly #secrets: readonly string[];

  /** Use `HostConnection.forUser` instead. */
  constructor(options: {
    http: HostHttp;
    urls: HostUrls;
    credentials: HostCredentials;
    requireHttps: boolean;
  }) {
    this.#http = options.http;
    this.#urls = options.urls;
    this.#credentials = { login: options.credentials.login, key: options.credentials.key };
    this.#requireHttps = options.requireHttps;
    this.#secrets = [this.#credentials.login, this.#credentials.key];
  }

  async accountInfo(): Promise<AccountInfo> {
    checkCredentials('account/info', this.#credentials);

    const result = await this.#get('account/info', {});
    return parseResult(accountInfoSchema, result, this.#where('account/info'));
  }

  /**
   * Describes 1 to 50 files in one request. Returns one entry per distinct ID, in the order given:
   * the file, or the error for that ID (not found, by any of the host's three ways to say so).
   */
  async fileInfo(ids: readonly string[]): Promise<FileInfoEntry[]> {
    checkCredentials('file/info', this.#credentials);
    const checked = checkFileIdBatch('file/info', ids);

    let result: unknown;
    try {
      result = await this.#get('file/info', { file: checked.join(',') });
    } catch (error) {
      if (error instanceof HostNotFoundError) return allNotFound(checked, error);
      throw error;
    }

    return fileInfoEntries(checked, result, this.#secrets);
  }

  /**
   * Runs `fileInfo` for any number of IDs: every ID is checked first, then batches of 50 go one
   * after another. An empty list gives an empty result without a request.
   */
  async fileInfoAll(ids: readonly string[]): Promise<FileInfoEntry[]> {
    checkCredentials('file/info', this.#credentials);
    const checked = checkFileIdList('file/info', ids);

    const entries: FileInfoEntry[] = [];
    for (let start = 0; start < checked.length; start += MAX_IDS_PER_REQUEST) {
      entries.push(...(await this.fileInfo(checked.slice(start, start + MAX_IDS_PER_REQUEST))));
    }
    return entries;
  }

  async listFolder(options: ListFolderOptions = {}): Promise<FolderListing> {
    checkCredentials('file/listfolder', this.#credentials);
    const folderId = options.folderId === undefined ? '' : checkFolderId('file/listfolder', options.folderId);

    const result = await this.#get(
      'file/listfolder',
      { folder_id: folderId, mode: options.recent === true ? '1' : undefined },
      { signal: options.signal },
    );
    return parseResult(listFolderSchema, result, this.#where('file/listfolder'));
  }

  /** Encoding state of one file, for every quality or only `quality`. */
  async converts(fileId: string, quality?: Quality): Promise<EncodingStatus> {
    checkCredentials('file/converts', this.#credentials);
    const id = checkFileId('file/converts', fileId);
    const output = quality === undefined ? undefined : checkQuality('file/converts', quality);

    const result = await this.#get('file/converts', { file: id, output }, { fileId: id });
    const byId = parseResult(convertsResultSchema, result, this.#where('file/converts'));
    const raw = byId[id];
    if (raw === undefined) {
      throw new HostNotFoundError({
        endpoint: 'file/converts',
        envelopeStatus: 200,
        message: `file/converts: file ${id} is missing from the result`,
        userMessage: userMessages.fileNotFound(id),
      });
    }

    const entry = parseResult(convertsEntrySchema, raw, {
      ...this.#where('file/converts'),
      path: ['result', id],
    });
    return {
      fileId: id,
      summary: entry.encoding_summary,
      playable: entry.is_playable,
      link: entry.link,
      linkId: entry.linkextid,
      qualities: entry.encoding_status,
    };
  }

  /** Returns the splash image's URL: index 0 is the big thumbnail, 1 to 5 the tileset. Null when the file has none. */
  async splash(fileId: string, index = 0): Promise<string | null> {
    checkCredentials('file/getsplash', this.#credentials);
    const id = checkFileId('file/getsplash', fileId);
    const splash = checkSplashIndex('file/getsplash', index);

    const result = await this.#get('file/getsplash', { file: id, splash: String(splash) }, { fileId: id });
    return parseResult(splashSchema, result, this.#where('file/getsplash'));
  }

  /** Streams a file from disk to the host; see `uploadFile` for the two upload styles. */
  async upload(input: UploadInput): Promise<UploadResult> {
    checkCredentials('upload', this.#credentials);

    return uploadFile(
      {
        http: this.#http,
        urls: this.#urls,
        credentials: this.#credentials,
        requireHttps: this.#requireHttps,
        listRecent: (folderId, signal) => this.listFolder({ folderId, recent: true, signal }),
      },
      input,
    );
  }

  async #get(
    path: 'account/info' | 'file/info' | 'file/listfolder' | 'file/converts' | 'file/getsplash',
    query: Record<string, string | undefined>,
    options: { fileId?: string; signal?: AbortSignal } = {},
  ): Promise<unknown> {
    return this.#http.get({
      endpoint: path,
      url: this.#urls.api(path, this.#credentials, query),
      secrets: this.#secrets,
      fileId: options.fileId,
      signal: options.signal,
    });
  }

  #where(endpoint: 'account/info' | 'file/listfolder' | 'file/converts' | 'file/getsplash') {
    return { endpoint, path: ['result'], secrets: this.#secrets } as const;
  }
}
