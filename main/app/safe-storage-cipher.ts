// main/vault's SecretCipher over Electron's safeStorage, so the app keeps its secrets in the same
// FileVault the headless service uses (only the cipher differs). Async API only: the sync calls
// block the main process on the OS keyring, and electron.d.ts marks them deprecated.
import type { SafeStorage } from 'electron';
import type { SecretCipher } from '../vault/index.ts';

export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

/** Written into the vault file: a file from the headless key-file cipher is never fed to this one. */
export const SAFE_STORAGE_CIPHER_ID = 'electron-safe-storage';

export type SecretStorageRefusal = 'unavailable' | 'weak-backend-declined';

/**
 * The cipher will not encrypt: no OS keystore, or the operator declined the weak one. Thrown
 * before anything is written, so the vault keeps its previous secrets; the IPC dispatcher shows
 * the message to the operator as it is.
 */
export class SecretStorageRefusedError extends Error {
  readonly reason: SecretStorageRefusal;
  constructor(reason: SecretStorageRefusal, message: string) {
    super(message);
    this.name = 'SecretStorageRefusedError';
    this.reason = reason;
  }
}

export interface SafeStorageCipherOptions {
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  /**
   * Linux without a keyring falls back to `basic_text`: a hard-coded key, so the secret is merely
   * obfuscated. Resolves true only when the operator has accepted that, now or before.
   */
  confirmWeakStorage(): Promise<boolean>;
}

export function createSafeStorageCipher(options: SafeStorageCipherOptions): SecretCipher {
  const { safeStorage } = options;
  const weakBackend = () => options.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text';
  return {
    id: SAFE_STORAGE_CIPHER_ID,
    async encrypt(plaintext) {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) {
        throw new SecretStorageRefusedError('unavailable', 'This computer offers no protected storage for secrets, so they were not saved.');
      }
      if (weakBackend() && !(await options.confirmWeakStorage())) {
        throw new SecretStorageRefusedError(
          'weak-backend-declined',
          'No keyring is running, so secrets would be stored with a key anyone can read. They were not saved.',
        );
      }
      return safeStorage.encryptStringAsync(plaintext);
    },
    async decrypt(ciphertext) {
      // A failure here becomes FileVault's VaultUnreadableError, which the Connector reports as
      // "credentials needed" (another OS user, a new keyring, a damaged file).
      const result = await safeStorage.decryptStringAsync(Buffer.from(ciphertext));
      // FileVault rewrites the file during a read when told to. Ask for that only when the rewrite
      // can succeed silently and lands in a real keystore: never a downgrade into basic_text, never
      // a warning dialog in the middle of a background read. The old ciphertext still decrypts.
      const shouldReEncrypt = result.shouldReEncrypt && !weakBackend() && (await safeStorage.isAsyncEncryptionAvailable());
      return { plaintext: result.result, shouldReEncrypt };
    },
  };
}
