// Secrets at rest for the Electron app: ciphertext from the SecretCipher, base64 in its own
// electron-store file. Plaintext exists only in main, only for the engine; nothing here is ever
// sent over IPC (the renderer sees `storedSecrets: {clientSecret: true}`, never a value).
import { VaultUnreadableError, type SecretCipher } from './secret-cipher.ts';
import type { KeyValueStore } from './key-value-store.ts';

export interface SecretVault {
  /** null when nothing is stored; throws VaultUnreadableError when it cannot be decrypted. */
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
  /** Encrypts everything first and writes only if all succeeded; null deletes the entry. */
  setMany(entries: Record<string, string | null>): Promise<void>;
}

// electron-store reads dots as nested paths; plain names keep one secret per top-level key.
const NAME = /^[a-zA-Z][a-zA-Z0-9-]{0,63}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function checkName(name: string): string {
  if (!NAME.test(name)) throw new Error(`Invalid secret name: ${JSON.stringify(name)}`);
  return name;
}

export function createSecretVault(store: KeyValueStore, cipher: SecretCipher): SecretVault {
  async function encode(value: string): Promise<string> {
    return Buffer.from(await cipher.encrypt(value)).toString('base64');
  }

  return {
    async get(name) {
      const stored = store.get(checkName(name));
      if (stored === undefined) return null;
      if (typeof stored !== 'string' || !BASE64.test(stored)) throw new VaultUnreadableError(name);
      let decrypted;
      try {
        decrypted = await cipher.decrypt(Buffer.from(stored, 'base64'));
      } catch (error) {
        throw new VaultUnreadableError(name, error);
      }
      if (decrypted.shouldReEncrypt) {
        // Best effort: the old ciphertext still decrypts, so a failed rewrite loses nothing.
        await encode(decrypted.plaintext).then(
          (fresh) => store.set(name, fresh),
          () => undefined,
        );
      }
      return decrypted.plaintext;
    },
    async set(name, value) {
      store.set(checkName(name), await encode(value));
    },
    async delete(name) {
      store.delete(checkName(name));
    },
    async setMany(entries) {
      const encoded: Array<[string, string | null]> = [];
      for (const [name, value] of Object.entries(entries)) {
        encoded.push([checkName(name), value === null ? null : await encode(value)]);
      }
      for (const [name, value] of encoded) {
        if (value === null) store.delete(name);
        else store.set(name, value);
      }
    },
  };
}
