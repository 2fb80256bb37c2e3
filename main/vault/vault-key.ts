import { randomBytes } from 'node:crypto';
import { chmod, link, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file.ts';
import { makeDirectory } from '../files/make-directory.ts';

export const VAULT_KEY_ENV = 'DROPSTREAM_VAULT_KEY';
export const VAULT_KEY_FILE = 'vault.key';
const KEY_BYTES = 32;

/** The vault key is present but unusable. The message never contains the key itself. */
export class VaultKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultKeyError';
  }
}

export type VaultKeySource = 'environment' | 'key-file' | 'new-key-file';

/**
 * Decodes a 32-byte key written as hex (64 characters) or base64 / base64url (43-44 characters).
 * Surrounding whitespace (a trailing newline in a file or a .env) is ignored.
 */
export function parseVaultKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    const key = Buffer.from(trimmed, 'base64');
    if (key.length === KEY_BYTES) return key;
    throw new VaultKeyError(
      `${source} must be a ${KEY_BYTES}-byte key in base64 (44 characters) or hex (64 characters); it decodes to ${key.length} bytes`,
    );
  }
  throw new VaultKeyError(`${source} must be a ${KEY_BYTES}-byte key in base64 (44 characters) or hex (64 characters)`);
}

/**
 * The headless vault's key: DROPSTREAM_VAULT_KEY when set (a service manager can inject it and
 * keep it off the disk), else `vault.key` in the data folder, created on first use with mode 0600.
 */
export async function loadVaultKey(options: {
  dataDir: string;
  env?: Record<string, string | undefined>;
  /** The vault file, when it already holds secrets: a new key could never read them. */
  existingVaultPath?: string;
}): Promise<{ key: Buffer; source: VaultKeySource }> {
  const fromEnv = (options.env ?? process.env)[VAULT_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { key: parseVaultKey(fromEnv, VAULT_KEY_ENV), source: 'environment' };
  }
  const path = join(options.dataDir, VAULT_KEY_FILE);
  const existing = await readKeyFile(path);
  if (existing !== undefined) return { key: existing, source: 'key-file' };
  // Secrets stored under DROPSTREAM_VAULT_KEY, opened by a process run without it (a CLI command
  // from another shell): a fresh key file would only make both sides fail, so say what is missing.
  if (options.existingVaultPath !== undefined) {
    throw new VaultKeyError(`${options.existingVaultPath} holds secrets stored with a key that is neither in ${VAULT_KEY_ENV} nor in ${path}: set ${VAULT_KEY_ENV} to the key the service runs with`);
  }
  const created = await createKeyFile(path, options.dataDir);
  return created === undefined
    ? { key: await readKeyFileOrThrow(path), source: 'key-file' }
    : { key: created, source: 'new-key-file' };
}

async function readKeyFile(path: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrorCode(error, 'ENOENT')) return undefined;
    throw error;
  }
  // A key others can read protects nothing; tighten it rather than refuse to start.
  if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
  return parseVaultKey(text, path);
}

async function readKeyFileOrThrow(path: string): Promise<Buffer> {
  const key = await readKeyFile(path);
  if (key === undefined) throw new VaultKeyError(`${path} vanished while it was being created`);
  return key;
}

/**
 * Writes a complete key file under a temp name, then hard-links it into place: link fails if
 * the name exists, so when two processes start at once exactly one key wins and the other
 * process reads it (returns undefined), instead of each encrypting with its own key.
 */
async function createKeyFile(path: string, dataDir: string): Promise<Buffer | undefined> {
  makeDirectory(dataDir, 0o700);
  const key = randomBytes(KEY_BYTES);
  const temp = `${path}.${randomBytes(6).toString('hex')}.new`;
  await writeFileAtomic(temp, `${key.toString('base64')}\n`, 0o600);
  try {
    await link(temp, path);
    return key;
  } catch (error) {
    if (isErrorCode(error, 'EEXIST')) return undefined;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

function isErrorCode(error: unknown, code: string): boolean {
  return error instanceof Error && 'code' in error && error.code === code;
}
