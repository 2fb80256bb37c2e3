import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openHeadlessVault } from '../../../main/vault/file-vault.ts';
import { MemoryVault } from '../../../main/vault/memory-vault.ts';
import { VAULT_KEY_ENV, VAULT_KEY_FILE, VaultKeyError, loadVaultKey, parseVaultKey } from '../../../main/vault/vault-key.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'dropstream-vault-key-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the vault key', () => {
  const key = randomBytes(32);

  it('accepts DROPSTREAM_VAULT_KEY as hex, base64 and base64url, and writes no key file', async () => {
    for (const text of [key.toString('hex'), key.toString('hex').toUpperCase(), key.toString('base64'), `${key.toString('base64url')}\n`]) {
      const loaded = await loadVaultKey({ dataDir, env: { [VAULT_KEY_ENV]: text } });
      expect(loaded.source).toBe('environment');
      expect(loaded.key.equals(key)).toBe(true);
    }
    expect(statSync(join(dataDir, VAULT_KEY_FILE), { throwIfNoEntry: false })).toBeUndefined();
  });

  it('rejects a key of the wrong length with a clear error that does not echo it', async () => {
    const short = randomBytes(16).toString('base64');
    const error: unknown = await loadVaultKey({ dataDir, env: { [VAULT_KEY_ENV]: short } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultKeyError);
    expect(String(error)).toMatch(/32-byte key.*decodes to 16 bytes/);
    expect(String(error)).not.toContain(short);
    expect(() => parseVaultKey('not a key!', 'X')).toThrow(VaultKeyError);
    expect(() => parseVaultKey(randomBytes(33).toString('hex'), 'X')).toThrow(VaultKeyError);
  });

  it('opens the same vault whether the key comes from the environment or a file holding it', async () => {
    const env = { [VAULT_KEY_ENV]: key.toString('base64') };
    const viaEnv = await openHeadlessVault({ dataDir, env });
    await viaEnv.vault.set('refreshToken', 'rt-1');
    writeFileSync(join(dataDir, VAULT_KEY_FILE), key.toString('hex'), { mode: 0o600 });
    const viaFile = await openHeadlessVault({ dataDir, env: {} });
    expect(viaFile.keySource).toBe('key-file');
    expect(await viaFile.vault.get('refreshToken')).toBe('rt-1');
  });

  it('creates one key when several processes start at once', async () => {
    const loaded = await Promise.all(Array.from({ length: 8 }, () => loadVaultKey({ dataDir, env: {} })));
    const onDisk = parseVaultKey(readFileSync(join(dataDir, VAULT_KEY_FILE), 'utf8'), 'file');
    expect(loaded.every((l) => l.key.equals(onDisk))).toBe(true);
    expect(loaded.filter((l) => l.source === 'new-key-file')).toHaveLength(1);
  });

  it('tightens a key file that others could read', async () => {
    writeFileSync(join(dataDir, VAULT_KEY_FILE), key.toString('base64'));
    chmodSync(join(dataDir, VAULT_KEY_FILE), 0o644);
    await loadVaultKey({ dataDir, env: {} });
    expect(statSync(join(dataDir, VAULT_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('reports a damaged key file clearly', async () => {
    writeFileSync(join(dataDir, VAULT_KEY_FILE), 'abc', { mode: 0o600 });
    await expect(loadVaultKey({ dataDir, env: {} })).rejects.toThrow(VaultKeyError);
  });
});

describe('MemoryVault', () => {
  it('behaves like a vault', async () => {
    const vault = new MemoryVault({ password: 'pw' });
    await vault.setMany({ clientSecret: 's', password: null });
    expect(await vault.get('clientSecret')).toBe('s');
    expect(await vault.get('password')).toBeUndefined();
    await vault.clear();
    expect(await vault.get('clientSecret')).toBeUndefined();
  });
});
