import type { Folder } from '../host/types.js';

/** How long a user's folder list is reused for autocomplete, in milliseconds. */
export const FOLDER_CHOICES_TTL_MS = 60_000;

/** The maximum of users whose folder lists are kept. The least recently stored is dropped first. */
const MAX_USERS = 1000;

interface CachedFolders {
  folders: Folder[];
  expiresAt: number;
}

/**
 * The root folders of each user, kept in memory for a minute so that
 * autocomplete, which Discord sends on every keystroke, requests the listing once
 * instead of once per key. Concurrent loads for one user share one request.
 */
export class FolderChoiceCache {
  readonly #entries = new Map<string, CachedFolders>();
  readonly #loading = new Map<string, Promise<Folder[]>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Returns the user's cached folders while fresh, else undefined. */
  fresh(userId: string): Folder[] | undefined {
    const entry = this.#entries.get(userId);
    return entry !== undefined && entry.expiresAt > this.now() ? entry.folders : undefined;
  }

  /** Returns the user's last folders even when stale, for a response when the host is slow. */
  stale(userId: string): Folder[] | undefined {
    return this.#entries.get(userId)?.folders;
  }

  /**
   * Returns the user's folders from the cache while fresh, else from `load`, which
   * runs once per user at a time. A failed load caches nothing.
   */
  get(userId: string, load: () => Promise<Folder[]>): Promise<Folder[]> {
    const cached = this.fresh(userId);
    if (cached !== undefined) return Promise.resolve(cached);

    const running = this.#loading.get(userId);
    if (running !== undefined) return running;

    const loading = load()
      .then((folders) => {
        this.#store(userId, folders);
        return folders;
      })
      .finally(() => this.#loading.delete(userId));
    this.#loading.set(userId, loading);
    return loading;
  }

  #store(userId: string, folders: Folder[]): void {
    this.#entries.delete(userId);
    this.#entries.set(userId, { folders, expiresAt: this.now() + FOLDER_CHOICES_TTL_MS });

    // A Map iterates in insertion order, so the first key is the least recently stored.
    if (this.#entries.size > MAX_USERS) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }
}
