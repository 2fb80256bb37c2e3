// Opens the engine for one command and always closes it, so the ledger is checkpointed and the
// connection's dispatcher released even when the command fails.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ledgerPath } from '../../engine/data-dir.ts';
import { openHeadlessEngine, type HeadlessEngine } from '../../engine/open-headless.ts';
import { VAULT_FILE, VAULT_KEY_ENV, VAULT_KEY_FILE, VaultUnreadableError } from '../../vault/index.ts';
import { UsageError, type CliContext } from '../cli-types.ts';

/**
 * `createDataDir`: for the commands that set a connector up (setup, config set). Every other
 * command needs the data of an existing one: a mistyped --data-dir must be an error, not a new,
 * empty connector that reports "not set up".
 * `needsSecrets`: for the commands that read or write the vault, which fail up front, with the
 * way out, when the stored secrets cannot be decrypted with this process's key.
 */
export async function withEngine<T>(
  context: CliContext,
  work: (engine: HeadlessEngine) => Promise<T>,
  { createDataDir = false, needsSecrets = false } = {},
): Promise<T> {
  if (!createDataDir && !existsSync(ledgerPath(context.dataDir))) {
    throw new UsageError(`${context.dataDir} holds no connector data. Check --data-dir (or DROPSTREAM_DATA_DIR), or run "connector setup" first.`);
  }
  if (createDataDir) refuseFileAsDataDir(context.dataDir);
  const engine = await openHeadlessEngine({ dataDir: context.dataDir, env: context.env, logName: 'cli' });
  try {
    if (needsSecrets) await refuseUnreadableVault(engine, context.dataDir);
    return await work(engine);
  } finally {
    await engine.close();
  }
}

/** A path mistyped onto a file: starting a data folder there failed as "ENOTDIR: mkdir .../logs", exit 1. */
export function refuseFileAsDataDir(dataDir: string): void {
  if (statSync(dataDir, { throwIfNoEntry: false })?.isFile()) {
    throw new UsageError(`--data-dir: ${dataDir} is a file, not a folder. Check --data-dir (or DROPSTREAM_DATA_DIR).`);
  }
}

/**
 * A vault this process cannot decrypt is most often one stored under another key (the service's
 * DROPSTREAM_VAULT_KEY, the shell's vault.key): re-entering the secrets here would lock the
 * service out of them, so say which key was tried and let the admin choose.
 */
export async function unreadableVaultAdvice(engine: HeadlessEngine, dataDir: string): Promise<string | null> {
  try {
    await engine.connector.vault.get('signInIdentity');
    return null;
  } catch (error) {
    if (!(error instanceof VaultUnreadableError)) throw error;
    const vault = join(dataDir, VAULT_FILE);
    const key = engine.vaultKeySource === 'environment' ? VAULT_KEY_ENV : join(dataDir, VAULT_KEY_FILE);
    return (
      `The secrets in ${vault} cannot be decrypted with the key in ${key}. If the service runs with another ${VAULT_KEY_ENV}, set that one in this shell. ` +
      `If that key is lost, so are the secrets: delete ${vault}, then run "connector setup" (and "deliveries set-webhook-secrets") again.`
    );
  }
}

async function refuseUnreadableVault(engine: HeadlessEngine, dataDir: string): Promise<void> {
  const advice = await unreadableVaultAdvice(engine, dataDir);
  if (advice) throw new Error(advice);
}
