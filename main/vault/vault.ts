/**
 * Every secret the connector keeps. Nothing else may go in the vault, and these go nowhere else.
 * `signInIdentity` is not a secret: it names the instance, client and user the Acumatica secrets
 * were entered for, kept with them because each vault (the app's, the service's) has its own.
 * `webhookSecretsFor` is not one either: the receiver (scheme, host, port) the webhook secrets
 * were stored for (main/delivery/webhook-secrets-binding.ts).
 */
export const SECRET_NAMES = ['clientSecret', 'password', 'refreshToken', 'pendingClientSecret', 'webhookApiKey', 'webhookSigningSecret', 'signInIdentity', 'webhookSecretsFor'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** The two markers above: kept with the secrets, but no secret, so never masked as one. */
const MARKER_NAMES: readonly SecretName[] = ['signInIdentity', 'webhookSecretsFor'];

/** Whether the value under `name` is a secret (to be masked wherever it is echoed), not a marker. */
export function holdsSecret(name: SecretName): boolean {
  return !MARKER_NAMES.includes(name);
}

/** For setMany: a string stores the secret, null deletes it. */
export type SecretChanges = Partial<Record<SecretName, string | null>>;

/**
 * Encrypted secrets behind one interface: safeStorage in the Electron app, a key file (or an
 * environment key) in the headless service, memory in tests. Implementations serialize their
 * own operations, so concurrent callers cannot lose each other's writes.
 */
export interface Vault {
  get(name: SecretName): Promise<string | undefined>;
  set(name: SecretName, value: string): Promise<void>;
  delete(name: SecretName): Promise<void>;
  /**
   * All changes or none: e.g. the rotated refresh token together with the new client secret.
   * A crash mid-way leaves the previous set of secrets intact.
   */
  setMany(changes: SecretChanges): Promise<void>;
  /** Forgets every secret. The way out of VaultUnreadableError: ask for credentials again. */
  clear(): Promise<void>;
  /**
   * Holds exactly `secrets` from now on, whatever it held before, readable or not: the way out of
   * VaultUnreadableError once the operator has entered the secrets again. One atomic replacement,
   * so a write that fails (a keystore that refuses, a full disk) leaves the old ones as they were.
   * Secrets this process could not read may be readable elsewhere (the service under its own
   * DROPSTREAM_VAULT_KEY), so they are kept aside: resolves to where, or null when nothing was.
   */
  startOver(secrets: Partial<Record<SecretName, string>>): Promise<string | null>;
}

export type VaultUnreadableReason = 'wrong-key-or-tampered' | 'malformed' | 'other-cipher';

/**
 * The vault exists but cannot be decrypted or parsed (another machine's key, a changed key, a
 * damaged or edited file). Callers turn this into "credentials needed", never a crash. Nothing
 * from the file is returned, so there is never a partially-read secret.
 */
export class VaultUnreadableError extends Error {
  readonly reason: VaultUnreadableReason;

  constructor(reason: VaultUnreadableReason, detail: string, options?: { cause?: unknown }) {
    super(`The secrets vault cannot be read (${reason}): ${detail}`, options);
    this.name = 'VaultUnreadableError';
    this.reason = reason;
  }
}

export function isSecretName(value: string): value is SecretName {
  return (SECRET_NAMES as readonly string[]).includes(value);
}
