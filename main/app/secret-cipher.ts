// The shape of the encryption behind the vault. main/vault/ (plain Node, shared with the headless
// service's key-file cipher) does not exist yet; when it lands, these types move there and the
// safeStorage cipher below implements its interface unchanged.

export interface DecryptedSecret {
  plaintext: string;
  /** The OS says the key has rotated: encrypt the plaintext again and store the new ciphertext. */
  shouldReEncrypt: boolean;
}

export interface SecretCipher {
  encrypt(plaintext: string): Promise<Uint8Array>;
  decrypt(ciphertext: Uint8Array): Promise<DecryptedSecret>;
}

/** The cipher will not encrypt: no OS keystore, or the operator declined the weak one. */
export class SecretStorageRefusedError extends Error {
  readonly reason: 'unavailable' | 'weak-backend-declined';
  constructor(reason: SecretStorageRefusedError['reason'], message: string) {
    super(message);
    this.name = 'SecretStorageRefusedError';
    this.reason = reason;
  }
}

/** A stored secret that cannot be read back (another user, a new OS keyring, a damaged file). */
export class VaultUnreadableError extends Error {
  readonly secretName: string;
  constructor(secretName: string, cause?: unknown) {
    super(`The stored ${secretName} cannot be decrypted on this computer; enter it again.`, { cause });
    this.name = 'VaultUnreadableError';
    this.secretName = secretName;
  }
}
