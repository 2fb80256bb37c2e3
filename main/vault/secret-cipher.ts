/**
 * The encryption a file-backed vault delegates to. Async so Electron's
 * safeStorage.encryptStringAsync / decryptStringAsync can plug in unchanged; the headless
 * service uses AesGcmCipher with a key of its own.
 */
export interface SecretCipher {
  /** Written into the vault file, so a file is never handed to a cipher that did not write it. */
  readonly id: string;
  encrypt(plaintext: string): Promise<Uint8Array>;
  /**
   * Throws when the ciphertext is not authentic or the key is wrong. `shouldReEncrypt` is
   * safeStorage's hint that the OS key rotated: the vault then rewrites the file.
   */
  decrypt(ciphertext: Uint8Array): Promise<{ plaintext: string; shouldReEncrypt?: boolean }>;
}
