import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretCipher } from './secret-cipher.ts';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
// Binds ciphertexts to this use, so a blob encrypted with the same key for some other purpose
// can never be passed off as a vault.
const ASSOCIATED_DATA = Buffer.from('dropstream-connector/vault/v1');

/**
 * AES-256-GCM with a fresh random 12-byte IV per encryption (never reused: reuse under one key
 * breaks GCM). Layout: IV (12) | auth tag (16) | ciphertext.
 */
export class AesGcmCipher implements SecretCipher {
  readonly id = 'aes-256-gcm';
  readonly #key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) throw new RangeError(`An AES-256 key is ${KEY_BYTES} bytes, got ${key.length}`);
    this.#key = Buffer.from(key);
  }

  encrypt(plaintext: string): Promise<Uint8Array> {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(ASSOCIATED_DATA);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Promise.resolve(Buffer.concat([iv, cipher.getAuthTag(), body]));
  }

  decrypt(ciphertext: Uint8Array): Promise<{ plaintext: string }> {
    const data = Buffer.from(ciphertext);
    if (data.length < IV_BYTES + TAG_BYTES) return Promise.reject(new Error('Ciphertext is too short'));
    const decipher = createDecipheriv('aes-256-gcm', this.#key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(ASSOCIATED_DATA);
    decipher.setAuthTag(data.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      // final() throws unless the tag checks out, so no unauthenticated plaintext escapes.
      const plaintext = Buffer.concat([decipher.update(data.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
      return Promise.resolve({ plaintext: plaintext.toString('utf8') });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
}
