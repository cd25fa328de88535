/**
 * A fake of the video host's HTTP API (version 2) on 127.0.0.1, for tests,
 * the demo and benchmarks: accounts, folders, files, uploads in both
 * documented styles, an encoding simulation and injectable faults.
 */
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { createFile } from './create-file.js';
import { failJob, finishJob, planEncoding } from './encoding.js';
import type { HostEndpoint } from './endpoints.js';
import { loadExamples } from './examples.js';
import type { RecordedRequest } from './exchange.js';
import { FaultQueue, type Fault } from './faults.js';
import { HostModel, ROOT_FOLDER_ID, type FakeAccount } from './model.js';
import { handleRequest } from './router.js';
import type {
  HostRuntime,
  HostSettings,
  ListStyle,
  UploadRecord,
  UploadResultStyle,
  UploadStyle,
} from './runtime.js';
import { seedExampleAccount } from './seed.js';
import { loadSplashImages } from './splash-images.js';
import { UploadTickets } from './tickets.js';

export type { HostEndpoint } from './endpoints.js';
export type { RecordedRequest } from './exchange.js';
export type { Fault } from './faults.js';
export type { FakeAccount } from './model.js';
export type { ListStyle, UploadRecord, UploadResultStyle, UploadStyle } from './runtime.js';

export interface FakeHostOptions {
  /** Default 'ticket'. */
  uploadStyle?: UploadStyle;
  /** Time for one quality to go from 0 to 100 %, in ms; default 2000; 0 finishes at once. */
  encodingDurationMs?: number;
  /** How long an upload ticket stays valid, in ms; default 1 hour. */
  ticketLifetimeMs?: number;
  /** Port on 127.0.0.1; default 0, a free port. */
  port?: number;
  /** The fake's clock, epoch ms; default `Date.now`. Tests pass a clock they move by hand. */
  now?: () => number;
  /**
   * Whether splash 0 of FXR1I5PIK1 is the documented URL on the real host's
   * CDN (for tests of parsing); default false, a splash served by the fake.
   */
  documentedSplash?: boolean;
}

export interface NewFakeFile {
  name: string;
  /** Default the root. */
  folderId?: string;
  description?: string;
  /** Epoch ms; default now. */
  uploadedAt?: number;
  /** Source height in pixels, which decides the skipped qualities; default 720. */
  height?: number;
  /** Default true: every quality done. False starts encoding now at `encodingDurationMs` per quality. */
  encoded?: boolean;
  views?: number;
  /** Default true; false makes a file that is not a video, whose encoding fails. */
  video?: boolean;
}

const DEFAULT_ENCODING_DURATION_MS = 2000;
const DEFAULT_TICKET_LIFETIME_MS = 60 * 60 * 1000;

export class FakeHost {
  readonly origin: string;
  readonly apiUrl: string;
  readonly uploadUrl: string;
  readonly exampleAccount: FakeAccount;

  private readonly runtime: HostRuntime;
  private readonly settings: HostSettings;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly server: Server,
    runtime: HostRuntime,
  ) {
    this.runtime = runtime;
    this.settings = runtime.settings;
    this.origin = runtime.origin;
    this.apiUrl = `${this.origin}/v2`;
    this.uploadUrl = `${this.origin}/bp/`;
    this.exampleAccount = runtime.exampleAccount;
    server.on('request', (req, res) => void handleRequest(runtime, req, res));
  }

  /** Starts the fake on 127.0.0.1, seeded with the documented example account. */
  static async start(options: FakeHostOptions = {}): Promise<FakeHost> {
    const [examples, splashImages, tempDir] = await Promise.all([
      loadExamples(),
      loadSplashImages(),
      mkdtemp(join(tmpdir(), 'fake-host-')),
    ]);

    const server = createServer();
    server.listen(options.port ?? 0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;

    const model = new HostModel();
    const tickets = new UploadTickets();
    const runtime: HostRuntime = {
      origin: `http://127.0.0.1:${port}`,
      settings: {
        uploadStyle: options.uploadStyle ?? 'ticket',
        uploadResultStyle: 'id',
        encodingDurationMs: options.encodingDurationMs ?? DEFAULT_ENCODING_DURATION_MS,
        ticketLifetimeMs: options.ticketLifetimeMs ?? DEFAULT_TICKET_LIFETIME_MS,
        listStyle: { emptyFolders: '{}', emptyFiles: '[]', files: 'array' },
        notFoundStyle: 'status',
      },
      model,
      tickets,
      faults: new FaultQueue(),
      examples,
      exampleAccount: seedExampleAccount(model, tickets, {
        documentedSplash: options.documentedSplash ?? false,
      }),
      splashImages,
      tempDir,
      requests: [],
      uploads: [],
      timers: new Set(),
      now: options.now ?? Date.now,
    };
    return new FakeHost(server, runtime);
  }

  get uploadStyle(): UploadStyle {
    return this.settings.uploadStyle;
  }
  set uploadStyle(value: UploadStyle) {
    this.settings.uploadStyle = value;
  }

  /** How the final upload response names the new file; default 'id'. */
  get uploadResultStyle(): UploadResultStyle {
    return this.settings.uploadResultStyle;
  }
  set uploadResultStyle(value: UploadResultStyle) {
    this.settings.uploadResultStyle = value;
  }

  /** Applies to files created afterwards. */
  get encodingDurationMs(): number {
    return this.settings.encodingDurationMs;
  }
  set encodingDurationMs(value: number) {
    this.settings.encodingDurationMs = value;
  }

  get ticketLifetimeMs(): number {
    return this.settings.ticketLifetimeMs;
  }
  set ticketLifetimeMs(value: number) {
    this.settings.ticketLifetimeMs = value;
  }

  /** Shapes of `file/listfolder`; the object may be changed in place. */
  get listStyle(): ListStyle {
    return this.settings.listStyle;
  }
  set listStyle(value: ListStyle) {
    this.settings.listStyle = value;
  }

  get notFoundStyle(): 'status' | 'omit' {
    return this.settings.notFoundStyle;
  }
  set notFoundStyle(value: 'status' | 'omit') {
    this.settings.notFoundStyle = value;
  }

  /** Every request, in order of arrival; `httpStatus` is 0 until (or unless) a response is sent. */
  get requests(): RecordedRequest[] {
    return this.runtime.requests;
  }

  /** Adds an account with a random 16-hex login and random key unless given; `premium` defaults to false. */
  addAccount(input: Partial<Omit<FakeAccount, 'userId'>> & { premium?: boolean } = {}): FakeAccount {
    const account = this.runtime.model.addAccount({
      ...input,
      registeredAt: Math.floor(this.runtime.now() / 1000),
    });
    return { login: account.login, key: account.key, userId: account.userId, email: account.email };
  }

  /** Adds a folder under `parentId` (default the root) and returns its ID (decimal digits). */
  addFolder(login: string, input: { name: string; parentId?: string; description?: string }): string {
    const folder = this.runtime.model.addFolder({
      ownerLogin: login,
      parentId: input.parentId ?? ROOT_FOLDER_ID,
      name: input.name,
      description: input.description ?? '',
      createdAt: this.runtime.now(),
    });
    return folder.id;
  }

  /** Adds a file to an account and returns its new ID (10 upper-case letters and digits). */
  addFile(login: string, input: NewFakeFile): string {
    const model = this.runtime.model;
    model.requireAccount(login);
    const folderId = input.folderId ?? ROOT_FOLDER_ID;
    if (model.lookupFolder(login, folderId).kind !== 'found') {
      throw new Error(`Fake host: folder ${folderId} is not a folder of ${login}`);
    }

    const now = this.runtime.now();
    const uploadedAt = input.uploadedAt ?? now;
    const sourceHeight = input.video === false ? null : (input.height ?? 720);
    const encoding =
      input.encoded === false
        ? planEncoding(now, sourceHeight, this.settings.encodingDurationMs)
        : planEncoding(uploadedAt, sourceHeight, 0);

    const file = createFile(this.runtime, {
      ownerLogin: login,
      name: input.name,
      description: input.description ?? '',
      folderId,
      uploadedAt,
      views: input.views ?? 0,
      sourceHeight,
      encoding,
    });
    return file.id;
  }

  deleteFile(fileId: string): void {
    this.runtime.model.deleteFile(fileId);
  }

  /** Makes `file/getsplash` return `value` for every index of the file; false and "" are returned as they are. */
  setSplash(fileId: string, value: string | false): void {
    this.runtime.model.requireFile(fileId).splashOverride = value;
  }

  /** Stops the file's encoding now: `encoding_summary` becomes "failed". */
  failEncoding(fileId: string): void {
    failJob(this.runtime.model.requireFile(fileId).encoding, this.runtime.now());
  }

  /** Completes the encoding of one file, or of every file, now; failed encodings stay failed. */
  finishEncoding(fileId?: string): void {
    const files =
      fileId === undefined ? this.runtime.model.allFiles() : [this.runtime.model.requireFile(fileId)];
    for (const file of files) {
      finishJob(file.encoding, this.runtime.now());
    }
  }

  /** Gives the next `times` requests to `endpoint` the fault, after any faults already queued for it. */
  fail(endpoint: HostEndpoint, fault: Fault, times = 1): void {
    this.runtime.faults.add(endpoint, fault, times);
  }

  clearFaults(): void {
    this.runtime.faults.clear();
  }

  /** Returns every upload whose body arrived in full, in order; `fileId` is null when nothing was created. */
  uploads(): UploadRecord[] {
    return this.runtime.uploads.map((upload) => ({ ...upload }));
  }

  /** Stops listening, ends open and hanging requests, and deletes the temporary upload directory. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    for (const timer of this.runtime.timers) {
      clearTimeout(timer);
    }
    this.runtime.timers.clear();

    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
    await rm(this.runtime.tempDir, { recursive: true, force: true });
  }
}
