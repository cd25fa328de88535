import type { EncodingJob } from './encoding.js';
import { randomApiKey, randomFileId, randomLogin } from './ids.js';

export interface FakeAccount {
  login: string;
  key: string;
  userId: string;
  email: string;
}

export interface AccountRecord extends FakeAccount {
  premium: boolean;
  /** Epoch seconds. */
  registeredAt: number;
}

/** The folder ID that stands for an account's root, as `parent_folder_id` and `folder_id` show it. */
export const ROOT_FOLDER_ID = '0';

export interface FolderRecord {
  /** Decimal digits, unique across accounts. */
  id: string;
  ownerLogin: string;
  parentId: string;
  name: string;
  description: string;
  /** Epoch ms; `file/listfolder` with `mode=1` shows only folders of the last 24 hours. */
  createdAt: number;
}

export interface FileRecord {
  id: string;
  /** Null for an upload made without login and key: it belongs to no account. */
  ownerLogin: string | null;
  name: string;
  description: string;
  folderId: string;
  /** Epoch ms. */
  uploadedAt: number;
  /** Epoch ms. */
  lastViewedAt: number;
  views: number;
  /** The page of the uploaded file, as `file/listfolder` shows it. */
  link: string;
  /** The ID of the encoded file, which `file/converts` shows once encoding succeeded. */
  encodedLinkextid: string;
  encodedLink: string;
  /** Height in pixels read from the upload, or null when the upload is not a video. */
  sourceHeight: number | null;
  encoding: EncodingJob;
  /** Splash 0 when the host keeps it elsewhere than on the fake, as the documented file does; null otherwise. */
  mainSplashUrl: string | null;
  /** What `file/getsplash` returns for every index instead of the usual URL; null when not overridden. */
  splashOverride: string | false | null;
}

export type FileLookup = { kind: 'found'; file: FileRecord } | { kind: 'not-found' } | { kind: 'foreign' };
export type FolderLookup = { kind: 'found'; folderId: string } | { kind: 'not-found' } | { kind: 'foreign' };

/** Accounts, folders and files of the fake host, with no knowledge of HTTP. */
export class HostModel {
  private readonly accounts = new Map<string, AccountRecord>();
  private readonly folders = new Map<string, FolderRecord>();
  private readonly files = new Map<string, FileRecord>();
  private nextUserId = 1;
  private nextFolderId = 100;

  addAccount(input: Partial<Omit<AccountRecord, 'userId'>> & { registeredAt: number }): AccountRecord {
    const login = input.login ?? randomLogin();
    if (this.accounts.has(login)) {
      throw new Error(`Fake host: an account with login ${login} already exists`);
    }

    const account: AccountRecord = {
      login,
      key: input.key ?? randomApiKey(),
      userId: String(this.nextUserId),
      email: input.email ?? `user-${login}@example.com`,
      premium: input.premium ?? false,
      registeredAt: input.registeredAt,
    };
    this.nextUserId += 1;
    this.accounts.set(login, account);
    return account;
  }

  /** Returns the account whose login and key both match, or undefined. */
  authenticate(login: string, key: string): AccountRecord | undefined {
    const account = this.accounts.get(login);
    return account !== undefined && account.key === key ? account : undefined;
  }

  requireAccount(login: string): AccountRecord {
    const account = this.accounts.get(login);
    if (account === undefined) {
      throw new Error(`Fake host: no account with login ${login}`);
    }
    return account;
  }

  addFolder(input: Omit<FolderRecord, 'id'> & { id?: string }): FolderRecord {
    this.requireAccount(input.ownerLogin);
    const parent = this.lookupFolder(input.ownerLogin, input.parentId);
    if (parent.kind !== 'found') {
      throw new Error(`Fake host: parent folder ${input.parentId} is not a folder of ${input.ownerLogin}`);
    }

    const id = input.id ?? String(this.nextFolderId++);
    if (this.folders.has(id)) {
      throw new Error(`Fake host: folder ${id} already exists`);
    }

    const folder: FolderRecord = { ...input, id };
    this.folders.set(id, folder);
    return folder;
  }

  /** Resolves a folder ID for the account `login`; the root (`0` or empty) always belongs to the caller. */
  lookupFolder(login: string | null, folderId: string): FolderLookup {
    if (folderId === ROOT_FOLDER_ID || folderId === '') {
      return { kind: 'found', folderId: ROOT_FOLDER_ID };
    }

    const folder = this.folders.get(folderId);
    if (folder === undefined) {
      return { kind: 'not-found' };
    }
    return folder.ownerLogin === login ? { kind: 'found', folderId } : { kind: 'foreign' };
  }

  childFolders(login: string, parentId: string): FolderRecord[] {
    return [...this.folders.values()].filter(
      (folder) => folder.ownerLogin === login && folder.parentId === parentId,
    );
  }

  /** Allocates a file ID that no file and no encoded file uses yet. */
  newFileId(): string {
    for (;;) {
      const id = randomFileId();
      if (!this.files.has(id) && this.findByLink(id) === undefined) {
        return id;
      }
    }
  }

  addFile(file: FileRecord): FileRecord {
    if (this.files.has(file.id)) {
      throw new Error(`Fake host: file ${file.id} already exists`);
    }
    this.files.set(file.id, file);
    return file;
  }

  requireFile(fileId: string): FileRecord {
    const file = this.files.get(fileId);
    if (file === undefined) {
      throw new Error(`Fake host: no file with ID ${fileId}`);
    }
    return file;
  }

  deleteFile(fileId: string): void {
    this.requireFile(fileId);
    this.files.delete(fileId);
  }

  /** Resolves a file ID for the account `login`: its own file, an unknown ID or another account's file. */
  lookupFile(login: string, fileId: string): FileLookup {
    const file = this.files.get(fileId);
    if (file === undefined) {
      return { kind: 'not-found' };
    }
    return file.ownerLogin === login ? { kind: 'found', file } : { kind: 'foreign' };
  }

  /** Finds a file by its own ID or by the ID of its encoded file, for the public pages under `/v/` and `/thumb/`. */
  findByLink(id: string): FileRecord | undefined {
    return this.files.get(id) ?? [...this.files.values()].find((file) => file.encodedLinkextid === id);
  }

  filesInFolder(login: string, folderId: string): FileRecord[] {
    return [...this.files.values()].filter((file) => file.ownerLogin === login && file.folderId === folderId);
  }

  allFiles(): FileRecord[] {
    return [...this.files.values()];
  }
}
