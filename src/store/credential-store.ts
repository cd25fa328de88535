import type Keyv from 'keyv';
import { z } from 'zod';
import { SecretCredentials } from './secret-credentials.js';
import { type SealedBox, sealedSchema, UnsealError } from './sealed-box.js';

const RECORD_VERSION = 1;

const recordSchema = z.object({
  v: z.literal(RECORD_VERSION),
  sealed: sealedSchema,
  /** The host's user ID of the linked account: not a secret, kept to show what is linked. */
  hostUserId: z.string(),
  linkedAt: z.number().int(),
});

export type CredentialRecord = z.infer<typeof recordSchema>;

const secretSchema = z.object({ login: z.string().min(1), key: z.string().min(1) });

/** Thrown when a stored record exists but cannot be read: corrupt, or sealed under a key no longer configured. */
export class CredentialRecordError extends Error {
  constructor(
    readonly userId: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`Stored credentials of user ${userId} are unreadable: ${reason}`, options);
    this.name = 'CredentialRecordError';
  }
}

/**
 * Each Discord user's host credentials, by Discord user ID, sealed with
 * AES-256-GCM. The sealed payload is bound to the user ID, so a record copied
 * to another user's key fails to open.
 */
export class CredentialStore {
  constructor(
    private readonly keyv: Keyv<CredentialRecord>,
    private readonly box: SealedBox,
  ) {}

  async get(userId: string): Promise<SecretCredentials | undefined> {
    const raw: unknown = await this.keyv.get(userId);
    if (raw === undefined) return undefined;

    const record = recordSchema.safeParse(raw);
    if (!record.success) {
      throw new CredentialRecordError(
        userId,
        `invalid record (${record.error.issues[0]?.message ?? 'unknown'})`,
      );
    }

    const credentials = this.open(userId, record.data);
    if (record.data.sealed.keyId !== this.box.currentKeyId) {
      // Re-seal under the current key, so an old key can be retired once every record was read.
      await this.write(userId, credentials, record.data.hostUserId, record.data.linkedAt);
    }
    return credentials;
  }

  /** The linked host account's user ID, without opening the secret. */
  async hostUserIdOf(userId: string): Promise<string | undefined> {
    const record = recordSchema.safeParse(await this.keyv.get(userId));
    return record.success ? record.data.hostUserId : undefined;
  }

  async set(userId: string, credentials: SecretCredentials, hostUserId: string): Promise<void> {
    await this.write(userId, credentials, hostUserId, Date.now());
  }

  /** Removes the user's credentials; returns whether there were any. */
  async delete(userId: string): Promise<boolean> {
    return this.keyv.delete(userId);
  }

  private open(userId: string, record: CredentialRecord): SecretCredentials {
    let plaintext: string;
    try {
      plaintext = this.box.open(record.sealed, contextOf(userId));
    } catch (error) {
      if (error instanceof UnsealError)
        throw new CredentialRecordError(userId, error.message, { cause: error });
      throw error;
    }

    const secret = secretSchema.safeParse(JSON.parse(plaintext));
    if (!secret.success) throw new CredentialRecordError(userId, 'sealed payload has the wrong shape');
    return new SecretCredentials(secret.data.login, secret.data.key);
  }

  private async write(
    userId: string,
    credentials: SecretCredentials,
    hostUserId: string,
    linkedAt: number,
  ): Promise<void> {
    const plaintext = JSON.stringify({ login: credentials.login, key: credentials.key });
    const record: CredentialRecord = {
      v: RECORD_VERSION,
      sealed: this.box.seal(plaintext, contextOf(userId)),
      hostUserId,
      linkedAt,
    };
    await this.keyv.set(userId, record);
  }
}

function contextOf(userId: string): string {
  return `credentials:v${RECORD_VERSION}:${userId}`;
}
