// The headless vault is shared by the service and CLI commands: two processes writing it at once
// must not lose either's change. Two FileVault instances on one file stand for the two processes.
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AesGcmCipher } from '../../../main/vault/aes-gcm-cipher.ts';
import { FileVault, VAULT_FILE } from '../../../main/vault/file-vault.ts';
import { FileLockTimeoutError, withFileLock } from '../../../main/vault/file-lock.ts';
import type { SecretCipher } from '../../../main/vault/secret-cipher.ts';

let dataDir: string;
let path: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'dropstream-vault-lock-'));
  path = join(dataDir, VAULT_FILE);
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const KEY = Buffer.alloc(32, 4);

/** The real cipher, slowed so that two read-modify-writes overlap as they can on a busy PC. */
function slowCipher(): SecretCipher {
  const cipher = new AesGcmCipher(KEY);
  return {
    id: cipher.id,
    async encrypt(plaintext) {
      await new Promise((resolve) => setTimeout(resolve, 60));
      return cipher.encrypt(plaintext);
    },
    decrypt: (ciphertext) => cipher.decrypt(ciphertext),
  };
}

describe('writing the vault from two processes', () => {
  it('keeps both changes: a rotated client secret survives a refresh token stored at the same moment', async () => {
    await new FileVault({ path, cipher: new AesGcmCipher(KEY) }).setMany({ clientSecret: 'old-secret', refreshToken: 'refresh-1' });
    const cli = new FileVault({ path, cipher: slowCipher() });
    const service = new FileVault({ path, cipher: slowCipher() });
    await Promise.all([cli.set('clientSecret', 'new-secret'), service.set('refreshToken', 'refresh-2')]);

    const after = new FileVault({ path, cipher: new AesGcmCipher(KEY) });
    expect(await after.get('clientSecret')).toBe('new-secret');
    expect(await after.get('refreshToken')).toBe('refresh-2');
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('takes over at once a lock whose process was killed, so a service restarted after a crash can store its token', async () => {
    writeFileSync(`${path}.lock`, String(2 ** 22 + 17));
    const vault = new FileVault({ path, cipher: new AesGcmCipher(KEY) });
    await withFileLock(path, async () => vault.get('password'), { waitMs: 0 });
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('takes over an old lock whose process cannot be told', async () => {
    writeFileSync(`${path}.lock`, '');
    const minuteAgo = new Date(Date.now() - 60_000);
    utimesSync(`${path}.lock`, minuteAgo, minuteAgo);
    const vault = new FileVault({ path, cipher: new AesGcmCipher(KEY) });
    await vault.set('password', 'after-a-crash');
    expect(await vault.get('password')).toBe('after-a-crash');
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  it('names the lock file when another process holds it too long, and leaves that lock alone', async () => {
    writeFileSync(`${path}.lock`, String(process.pid));
    let ran = false;
    const attempt = withFileLock(path, async () => (ran = true), { waitMs: 200 });
    await expect(attempt).rejects.toThrow(FileLockTimeoutError);
    await expect(withFileLock(path, async () => (ran = true), { waitMs: 50 })).rejects.toThrow(
      `${path} is being written by another DropStream Connector process (${path}.lock has existed for over 0 s). Try again; if no other connector process runs, delete ${path}.lock.`,
    );
    expect(ran).toBe(false);
    expect(existsSync(`${path}.lock`)).toBe(true);
  });
});
