import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

/**
 * AES-256-GCM sealing for secrets at rest. A sealed value names the key that
 * sealed it (`keyId`), so records written before a key rotation still open
 * with the old key while new writes use the current one.
 */

const IV_BYTES = 12;

export const sealedSchema = z.object({
  alg: z.literal('A256GCM'),
  keyId: z.string().regex(/^[0-9a-f]{16}$/),
  iv: z.base64(),
  tag: z.base64(),
  data: z.base64(),
});

export type Sealed = z.infer<typeof sealedSchema>;

/** Thrown when no configured key opens a sealed value, or it was tampered with. */
export class UnsealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsealError';
  }
}

/** The public ID of a key: a short hash, safe to store next to the data it sealed. */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('credentials-key-id:').update(key).digest('hex').slice(0, 16);
}

export class SealedBox {
  readonly #current: { id: string; key: Buffer };
  readonly #byId = new Map<string, Buffer>();

  constructor(currentKey: Buffer, oldKeys: readonly Buffer[] = []) {
    for (const key of [currentKey, ...oldKeys]) {
      if (key.length !== 32) throw new RangeError('An AES-256 key must be 32 bytes');
      this.#byId.set(keyIdOf(key), key);
    }
    this.#current = { id: keyIdOf(currentKey), key: currentKey };
  }

  get currentKeyId(): string {
    return this.#current.id;
  }

  /** Seals `plaintext`; `context` is bound as associated data, so a record cannot be moved to another owner. */
  seal(plaintext: string, context: string): Sealed {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#current.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);

    return {
      alg: 'A256GCM',
      keyId: this.#current.id,
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
  }

  open(sealed: Sealed, context: string): string {
    const key = this.#byId.get(sealed.keyId);
    if (!key) {
      throw new UnsealError(`No configured key has ID ${sealed.keyId}; add it to CREDENTIALS_OLD_KEYS`);
    }

    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      // GCM reports only "unable to authenticate", and the cause is a wrong key or altered bytes.
      throw new UnsealError(`A sealed value failed authentication under key ${sealed.keyId}`);
    }
  }
}
