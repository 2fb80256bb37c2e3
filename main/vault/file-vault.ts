import { constants, existsSync } from 'node:fs';
import { copyFile, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { AesGcmCipher } from './aes-gcm-cipher.ts';
import { writeFileAtomic } from './atomic-file.ts';
import { withFileLock } from './file-lock.ts';
import type { SecretCipher } from './secret-cipher.ts';
import type { SecretChanges, SecretName, Vault } from './vault.ts';
import { isSecretName, VaultUnreadableError } from './vault.ts';
import type { VaultKeySource } from './vault-key.ts';
import { loadVaultKey } from './vault-key.ts';
import { makeDirectory } from '../files/make-directory.ts';

export const VAULT_FILE = 'secrets.vault';
/**
 * The desktop app's vault, encrypted by the OS keystore (safeStorage). A different file from the
 * headless key-file vault, so the app and a CLI run in the same folder never overwrite each other's
 * secrets with a cipher the other cannot read.
 */
export const APP_VAULT_FILE = 'secrets.app.vault';

// On disk: a small JSON envelope naming the cipher, around one encrypted JSON object holding
// every secret. One blob means setMany is one atomic file replacement, and one auth tag covers
// all secrets: a damaged file yields none of them rather than some.
const envelopeSchema = z.object({ format: z.literal(1), cipher: z.string(), data: z.base64() });
// Any secret name is read, not only this release's: a later release may store one more (as
// signInIdentity once was), and after a rollback to this one refusing it made the whole vault
// unreadable, every secret with it. Names this release does not know are never handed out, and are
// written back untouched, so the later release finds them again after the next upgrade.
const contentsSchema = z.object({ secrets: z.record(z.string(), z.string()) });
type Secrets = Partial<Record<SecretName, string>> & Record<string, string>;

/** A vault kept in one file, encrypted by whichever SecretCipher it is given. */
export class FileVault implements Vault {
  readonly path: string;
  readonly #cipher: SecretCipher;
  // Operations run one after another: set() is read-modify-write, and two at once would lose one.
  // Writes also hold the file's lock against other processes (file-lock.ts).
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: { path: string; cipher: SecretCipher }) {
    this.path = options.path;
    this.#cipher = options.cipher;
  }

  get(name: SecretName): Promise<string | undefined> {
    return this.#serialized(async () => {
      const secrets = await this.#read();
      return isSecretName(name) && Object.hasOwn(secrets, name) ? secrets[name] : undefined;
    });
  }

  set(name: SecretName, value: string): Promise<void> {
    return this.setMany({ [name]: value });
  }

  delete(name: SecretName): Promise<void> {
    return this.setMany({ [name]: null });
  }

  setMany(changes: SecretChanges): Promise<void> {
    return this.#serializedWrite(async () => {
      const secrets = await this.#read();
      for (const [name, value] of Object.entries(changes) as [SecretName, string | null | undefined][]) {
        if (value === null) delete secrets[name];
        else if (value !== undefined) secrets[name] = value;
      }
      await this.#write(secrets);
    });
  }

  clear(): Promise<void> {
    return this.#serializedWrite(() => rm(this.path, { force: true }));
  }

  startOver(secrets: Partial<Record<SecretName, string>>): Promise<string | null> {
    return this.#serializedWrite(async () => {
      const kept = await this.#keepIfUnreadable();
      await this.#write({ ...secrets });
      return kept;
    });
  }

  /** A copy of a file this cipher cannot read, beside it, named for when it was set aside. */
  async #keepIfUnreadable(): Promise<string | null> {
    try {
      await this.#read();
      return null;
    } catch (error) {
      if (!(error instanceof VaultUnreadableError)) throw error;
    }
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const kept = `${this.path}.unreadable-${stamp}`;
    // EXCL: a copy kept a moment ago under the same second is not overwritten; the copy has the
    // vault's own mode (0600).
    await copyFile(this.path, kept, constants.COPYFILE_EXCL);
    return kept;
  }

  #serialized<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(operation, operation);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #serializedWrite<T>(operation: () => Promise<T>): Promise<T> {
    return this.#serialized(() => {
      // Made here, once per write, because the lock file lives in it; #write relies on this (its
      // only other caller, the re-encrypt in #read, has just read a file from that folder).
      makeDirectory(dirname(this.path), 0o700);
      return withFileLock(this.path, operation);
    });
  }

  async #read(): Promise<Secrets> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return {};
      throw error;
    }
    const envelope = parseJson(envelopeSchema, text, 'the vault file is not a vault envelope');
    if (envelope.cipher !== this.#cipher.id) {
      throw new VaultUnreadableError('other-cipher', `written with ${envelope.cipher}, this vault uses ${this.#cipher.id}`);
    }
    let decrypted: { plaintext: string; shouldReEncrypt?: boolean };
    try {
      decrypted = await this.#cipher.decrypt(Buffer.from(envelope.data, 'base64'));
    } catch (error) {
      // Deliberately vague: GCM cannot tell a wrong key from an edited file.
      throw new VaultUnreadableError('wrong-key-or-tampered', 'decryption failed', { cause: error });
    }
    const secrets = parseJson(contentsSchema, decrypted.plaintext, 'the decrypted vault has an unexpected shape').secrets;
    if (decrypted.shouldReEncrypt === true) await this.#write(secrets);
    return secrets;
  }

  async #write(secrets: Secrets): Promise<void> {
    const ciphertext = await this.#cipher.encrypt(JSON.stringify({ secrets }));
    const envelope = { format: 1, cipher: this.#cipher.id, data: Buffer.from(ciphertext).toString('base64') };
    await writeFileAtomic(this.path, JSON.stringify(envelope), 0o600);
  }
}

function parseJson<Schema extends z.ZodType>(schema: Schema, text: string, problem: string): z.output<Schema> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new VaultUnreadableError('malformed', problem);
  }
  const result = schema.safeParse(raw);
  // The issues are not included: for the decrypted contents they could quote a secret.
  if (!result.success) throw new VaultUnreadableError('malformed', problem);
  return result.data;
}

/**
 * The headless service's vault: `secrets.vault` in the data folder, AES-256-GCM with the key
 * from DROPSTREAM_VAULT_KEY or `vault.key` (see loadVaultKey).
 */
export async function openHeadlessVault(options: {
  dataDir: string;
  env?: Record<string, string | undefined>;
}): Promise<{ vault: FileVault; keySource: VaultKeySource }> {
  const path = join(options.dataDir, VAULT_FILE);
  const { key, source } = await loadVaultKey({ ...options, existingVaultPath: existsSync(path) ? path : undefined });
  return { vault: new FileVault({ path, cipher: new AesGcmCipher(key) }), keySource: source };
}
