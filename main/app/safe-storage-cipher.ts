// SecretCipher over Electron's safeStorage, async API only: the sync calls block the main process
// on the OS keyring, and electron.d.ts marks them deprecated in favour of the async ones.
import type { SafeStorage } from 'electron';
import { SecretStorageRefusedError, type SecretCipher } from './secret-cipher.ts';

export type SafeStorageLike = Pick<
  SafeStorage,
  'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'
>;

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
  return {
    async encrypt(plaintext) {
      if (!(await safeStorage.isAsyncEncryptionAvailable())) {
        throw new SecretStorageRefusedError('unavailable', 'This computer offers no protected storage for secrets.');
      }
      if (options.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text' && !(await options.confirmWeakStorage())) {
        throw new SecretStorageRefusedError(
          'weak-backend-declined',
          'No keyring is running, so secrets would be stored with a key anyone can read. They were not saved.',
        );
      }
      return safeStorage.encryptStringAsync(plaintext);
    },
    async decrypt(ciphertext) {
      const result = await safeStorage.decryptStringAsync(Buffer.from(ciphertext));
      return { plaintext: result.result, shouldReEncrypt: result.shouldReEncrypt };
    },
  };
}
