/**
 * The documented example account and its files, with the values of the
 * documented example responses, so that the documented requests render
 * exactly those responses and other requests about the same files agree with
 * them. Values the examples do not show (the name of FXSNPOKMT4, job IDs of
 * files other than FXSNPOKMT4) are made up.
 */
import { codecIdOf, QUALITY_LABELS, type EncodingJob, type QualityLabel } from './encoding.js';
import { ROOT_FOLDER_ID, type AccountRecord, type FileRecord, type HostModel } from './model.js';
import type { UploadTickets } from './tickets.js';

const EXAMPLE_LOGIN = '5147a8f8e924bc82';
const EXAMPLE_KEY = 'Fa89_X13-37a8CKR';
const EXAMPLE_FOLDER_ID = '26';
const DOCUMENTED_SITE = 'https://www.bitporno.com/v/';

/**
 * The splash 0 URL of the documented getsplash example. It points at the real
 * host's CDN, so the fake only returns it with `documentedSplash: true` (tests
 * of the client's parsing); otherwise FXR1I5PIK1 gets a splash served by the
 * fake itself, so that nothing the bot fetches in a test or the demo leaves
 * 127.0.0.1.
 */
const DOCUMENTED_SPLASH_URL = 'https://foot.playercdn.net/thumb/0/181101/118FXR1IB1ZAZWGNG6LV5.jpg';

/** The documented upload ticket: it points at another host and expired on 2015-01-09 00:02:50 UTC. */
export const DOCUMENTED_TICKET_TOKEN = 'fCgaPthr_ys';
const DOCUMENTED_TICKET_EXPIRY_MS = Date.UTC(2015, 0, 9, 0, 2, 50);

const LONG_DESCRIPTION =
  'A long free-text description written by the uploader.\n\t\t\t\t\t' +
  "In the host's documentation this text runs to about 1,400 characters over\n\t\t\t\t\t" +
  'twenty lines, with apostrophes, commas and question marks, so a bot must\n\t\t\t\t\t' +
  "trim it to Discord's limits and escape it before showing it.";

/** One quality of a seeded job: `done` or `skipped`, with the job ID, retries and the time of the last update (epoch s). */
interface SeededQuality {
  state: 'done' | 'skipped';
  jobId: string;
  retries: number;
  updatedAt: number;
}

function seededJob(createdAtSeconds: number, qualities: Record<QualityLabel, SeededQuality>): EncodingJob {
  const createdAt = createdAtSeconds * 1000;

  return {
    createdAt,
    isVideo: true,
    failedAt: null,
    qualities: QUALITY_LABELS.map((label) => {
      const quality = qualities[label];
      return {
        label,
        codecId: codecIdOf(label),
        jobId: quality.jobId,
        retries: quality.retries,
        skipped: quality.state === 'skipped',
        startAt: createdAt,
        endAt: quality.updatedAt * 1000,
      };
    }),
  };
}

/** Builds a job where the listed qualities were encoded one minute apart and the rest skipped. */
function simpleJob(createdAtSeconds: number, firstJobId: number, done: QualityLabel[]): EncodingJob {
  const qualities = {} as Record<QualityLabel, SeededQuality>;
  QUALITY_LABELS.forEach((label, index) => {
    qualities[label] = {
      state: done.includes(label) ? 'done' : 'skipped',
      jobId: String(firstJobId + 2 * index),
      retries: 0,
      updatedAt: createdAtSeconds + 60 * (index + 1),
    };
  });
  return seededJob(createdAtSeconds, qualities);
}

interface SeededFile {
  id: string;
  name: string;
  description: string;
  folderId: string;
  uploadedAt: number;
  lastViewedAt: number;
  views: number;
  encodedLinkextid: string;
  sourceHeight: number;
  encoding: EncodingJob;
  mainSplashUrl?: string;
}

function toRecord(file: SeededFile): FileRecord {
  return {
    ...file,
    ownerLogin: EXAMPLE_LOGIN,
    uploadedAt: file.uploadedAt * 1000,
    lastViewedAt: file.lastViewedAt * 1000,
    link: DOCUMENTED_SITE + file.id,
    encodedLink: DOCUMENTED_SITE + file.encodedLinkextid,
    mainSplashUrl: file.mainSplashUrl ?? null,
    splashOverride: null,
  };
}

const SEEDED_FILES: SeededFile[] = [
  {
    id: 'FXR1I5PIK1',
    name: 'Jess_Anders.mp4',
    description: '',
    folderId: EXAMPLE_FOLDER_ID,
    uploadedAt: 1495385231,
    lastViewedAt: 1546755399,
    views: 130,
    encodedLinkextid: 'VXR1I5PIK1',
    sourceHeight: 720,
    encoding: simpleJob(1495385231, 81234560, ['360p', '480p', '720p']),
    mainSplashUrl: DOCUMENTED_SPLASH_URL,
  },
  {
    id: 'FXQXRRATXY',
    name: 'video_156.mp4',
    description: '',
    folderId: EXAMPLE_FOLDER_ID,
    uploadedAt: 1485385231,
    lastViewedAt: 1536755399,
    views: 3,
    encodedLinkextid: 'VXQXRRATXY',
    sourceHeight: 720,
    encoding: simpleJob(1485385231, 79234560, ['720p']),
  },
  {
    id: 'FXSNPOKMT4',
    name: 'sample_480p.mp4',
    description: '',
    folderId: EXAMPLE_FOLDER_ID,
    uploadedAt: 1543752473,
    lastViewedAt: 1543760000,
    views: 12,
    encodedLinkextid: 'VXSNPOKMT3',
    sourceHeight: 480,
    encoding: seededJob(1543752473, {
      '360p': { state: 'done', jobId: '97516672', retries: 2, updatedAt: 1543756167 },
      '480p': { state: 'done', jobId: '97516674', retries: 4, updatedAt: 1543752936 },
      '720p': { state: 'skipped', jobId: '97516676', retries: 1, updatedAt: 1543752698 },
      '1080p': { state: 'skipped', jobId: '97516678', retries: 1, updatedAt: 1543752704 },
    }),
  },
  {
    id: 'GGJIW5DU5H',
    name: "Valentine's day special.mp4",
    description: LONG_DESCRIPTION,
    folderId: ROOT_FOLDER_ID,
    uploadedAt: 1594101441,
    lastViewedAt: 1594101441,
    views: 0,
    encodedLinkextid: 'VGJIW5DU5H',
    sourceHeight: 1080,
    encoding: simpleJob(1594101441, 99234560, ['360p', '480p', '720p', '1080p']),
  },
];

/** Adds the documented account (user ID 1), its folder 26 "work", its four files and the documented expired ticket. */
export function seedExampleAccount(
  model: HostModel,
  tickets: UploadTickets,
  options: { documentedSplash: boolean },
): AccountRecord {
  const account = model.addAccount({
    login: EXAMPLE_LOGIN,
    key: EXAMPLE_KEY,
    email: 'user@example.com',
    premium: false,
    registeredAt: 1206633247,
  });

  model.addFolder({
    id: EXAMPLE_FOLDER_ID,
    ownerLogin: EXAMPLE_LOGIN,
    parentId: ROOT_FOLDER_ID,
    name: 'work',
    description: '',
    createdAt: 1206633247 * 1000,
  });

  for (const file of SEEDED_FILES) {
    const record = toRecord(file);
    if (!options.documentedSplash) record.mainSplashUrl = null;
    model.addFile(record);
  }

  tickets.issue(
    { login: EXAMPLE_LOGIN, folderId: ROOT_FOLDER_ID, sha1: null },
    DOCUMENTED_TICKET_EXPIRY_MS,
    DOCUMENTED_TICKET_TOKEN,
  );
  return account;
}
