// The vault's public surface.
export type { SecretChanges, SecretName, Vault, VaultUnreadableReason } from './vault.ts';
export { SECRET_NAMES, VaultUnreadableError, holdsSecret, isSecretName } from './vault.ts';
export type { SecretCipher } from './secret-cipher.ts';
export { AesGcmCipher } from './aes-gcm-cipher.ts';
export { APP_VAULT_FILE, FileVault, VAULT_FILE, openHeadlessVault } from './file-vault.ts';
export { MemoryVault } from './memory-vault.ts';
export type { VaultKeySource } from './vault-key.ts';
export { VAULT_KEY_ENV, VAULT_KEY_FILE, VaultKeyError, loadVaultKey, parseVaultKey } from './vault-key.ts';
