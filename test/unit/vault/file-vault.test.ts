import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AesGcmCipher } from '../../../main/vault/aes-gcm-cipher.ts';
import { FileVault, VAULT_FILE, openHeadlessVault } from '../../../main/vault/file-vault.ts';
import type { SecretCipher } from '../../../main/vault/secret-cipher.ts';
import { VaultUnreadableError } from '../../../main/vault/vault.ts';
import { VAULT_KEY_FILE } from '../../../main/vault/vault-key.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'dropstream-vault-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const SECRET = 'Sh4red-Secret-Value-9f8e7d';
const noEnv = {};

describe('the headless file vault', () => {
  it('round-trips secrets across instances', async () => {
    const { vault, keySource } = await openHeadlessVault({ dataDir, env: noEnv });
    expect(keySource).toBe('new-key-file');
    await vault.set('clientSecret', SECRET);
    await vault.set('password', 'pässwörd "quoted"');

    const reopened = await openHeadlessVault({ dataDir, env: noEnv });
    expect(reopened.keySource).toBe('key-file');
    expect(await reopened.vault.get('clientSecret')).toBe(SECRET);
    expect(await reopened.vault.get('password')).toBe('pässwörd "quoted"');
    expect(await reopened.vault.get('refreshToken')).toBeUndefined();

    await reopened.vault.delete('password');
    expect(await reopened.vault.get('password')).toBeUndefined();
    expect(await reopened.vault.get('clientSecret')).toBe(SECRET);
  });

  it('reads a vault a later release wrote with a secret this one does not know, and keeps that secret when it writes', async () => {
    // What a later release leaves behind, e.g. before a rollback: its own envelope and cipher, one
    // more secret name. Refusing the name made the whole vault unreadable ("credentials needed").
    const key = randomBytes(32);
    const cipher = new AesGcmCipher(key);
    const path = join(dataDir, VAULT_FILE);
    const later = { secrets: { clientSecret: SECRET, password: 'pw', sftpPassword: 'later-release-secret' } };
    const data = Buffer.from(await cipher.encrypt(JSON.stringify(later))).toString('base64');
    writeFileSync(path, JSON.stringify({ format: 1, cipher: cipher.id, data }));

    const vault = new FileVault({ path, cipher: new AesGcmCipher(key) });
    expect(await vault.get('clientSecret')).toBe(SECRET);
    expect(await vault.get('password')).toBe('pw');
    expect(await vault.get('sftpPassword' as never)).toBeUndefined(); // never handed out here
    await vault.set('refreshToken', 'rt-1');

    const envelope = JSON.parse(readFileSync(path, 'utf8')) as { data: string };
    const stored = JSON.parse((await cipher.decrypt(Buffer.from(envelope.data, 'base64'))).plaintext) as typeof later;
    expect(stored.secrets).toEqual({ ...later.secrets, refreshToken: 'rt-1' });
  });

  it('never writes the plaintext: not in the file, not base64, not hex', async () => {
    const { vault } = await openHeadlessVault({ dataDir, env: noEnv });
    await vault.setMany({ clientSecret: SECRET, refreshToken: `${SECRET}-refresh` });
    const bytes = readFileSync(join(dataDir, VAULT_FILE));
    for (const needle of [SECRET, Buffer.from(SECRET).toString('base64').slice(0, 20), Buffer.from(SECRET).toString('hex')]) {
      expect(bytes.includes(Buffer.from(needle))).toBe(false);
    }
    // Nor does any other file in the folder (no leftover temp files either).
    expect(readdirSync(dataDir).sort()).toEqual([VAULT_FILE, VAULT_KEY_FILE].sort());
  });

  it('does not make a new key for a vault whose secrets were stored under DROPSTREAM_VAULT_KEY', async () => {
    const env = { DROPSTREAM_VAULT_KEY: randomBytes(32).toString('base64') };
    const { vault } = await openHeadlessVault({ dataDir, env });
    await vault.set('clientSecret', SECRET);
    // The same folder from a shell without the variable: a new key file would strand the secrets.
    await expect(openHeadlessVault({ dataDir, env: noEnv })).rejects.toThrow(/holds secrets stored with a key that is neither in DROPSTREAM_VAULT_KEY nor in .*vault\.key: set DROPSTREAM_VAULT_KEY/);
    expect(readdirSync(dataDir)).toEqual([VAULT_FILE]);
    expect(await (await openHeadlessVault({ dataDir, env })).vault.get('clientSecret')).toBe(SECRET);
  });

  it('creates the key file and the vault file readable by the owner only', async () => {
    const { vault } = await openHeadlessVault({ dataDir, env: noEnv });
    await vault.set('clientSecret', SECRET);
    expect(statSync(join(dataDir, VAULT_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, VAULT_FILE)).mode & 0o777).toBe(0o600);
  });

  it('uses a fresh IV for every write', async () => {
    const { vault } = await openHeadlessVault({ dataDir, env: noEnv });
    await vault.set('clientSecret', SECRET);
    const first = readFileSync(join(dataDir, VAULT_FILE), 'utf8');
    await vault.set('clientSecret', SECRET);
    expect(readFileSync(join(dataDir, VAULT_FILE), 'utf8')).not.toBe(first);
  });

  it('raises VaultUnreadableError, not garbage, under another key', async () => {
    const { vault } = await openHeadlessVault({ dataDir, env: noEnv });
    await vault.set('clientSecret', SECRET);
    const otherKey = new FileVault({ path: join(dataDir, VAULT_FILE), cipher: new AesGcmCipher(randomBytes(32)) });

    await expect(otherKey.get('clientSecret')).rejects.toBeInstanceOf(VaultUnreadableError);
    // Writing cannot silently throw the other secrets away either...
    await expect(otherKey.set('password', 'x')).rejects.toBeInstanceOf(VaultUnreadableError);
    // ...until the operator chooses to start over.
    await otherKey.clear();
    await otherKey.set('password', 'x');
    expect(await otherKey.get('password')).toBe('x');
  });

  it('starts over a vault it cannot read, keeping the file for whoever holds its key', async () => {
    // The service stored the secrets under its DROPSTREAM_VAULT_KEY; a process started with another
    // key (a shell without the variable, reading an old vault.key) is told to enter them again.
    const serviceKey = randomBytes(32);
    const path = join(dataDir, VAULT_FILE);
    await new FileVault({ path, cipher: new AesGcmCipher(serviceKey) }).setMany({ clientSecret: SECRET, webhookApiKey: 'webhook-api-key' });
    const stored = readFileSync(path);

    const wrongKey = new FileVault({ path, cipher: new AesGcmCipher(randomBytes(32)) });
    const kept = await wrongKey.startOver({ clientSecret: 'entered-again', password: 'entered-again-too' });
    expect(await wrongKey.get('clientSecret')).toBe('entered-again');
    expect(kept?.startsWith(dataDir)).toBe(true);
    expect(basename(kept ?? '')).toMatch(/^secrets\.vault\.unreadable-\d{8}T\d{6}Z$/);
    expect(readFileSync(kept!).equals(stored)).toBe(true);
    if (process.platform !== 'win32') expect(statSync(kept!).mode & 0o777).toBe(0o600);
    // Put back, it is what the service can read.
    expect(await new FileVault({ path: kept!, cipher: new AesGcmCipher(serviceKey) }).get('webhookApiKey')).toBe('webhook-api-key');

    // A vault that can be read is not kept: starting over it is the operator's choice of secrets.
    expect(await wrongKey.startOver({ clientSecret: 'third' })).toBeNull();
    expect(readdirSync(dataDir).filter((name) => name.includes('unreadable'))).toHaveLength(1);
  });

  it('raises VaultUnreadableError when any byte of the ciphertext is changed', async () => {
    const { vault } = await openHeadlessVault({ dataDir, env: noEnv });
    await vault.set('clientSecret', SECRET);
    const path = join(dataDir, VAULT_FILE);
    const envelope = JSON.parse(readFileSync(path, 'utf8')) as { data: string };
    const data = Buffer.from(envelope.data, 'base64');
    const tampered = Buffer.from(data);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1] ?? 0) ^ 0x01;
    writeFileSync(path, JSON.stringify({ ...envelope, data: tampered.toString('base64') }));

    const error: unknown = await vault.get('clientSecret').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VaultUnreadableError);
    expect(String(error)).not.toContain(SECRET);
  });

  it('raises VaultUnreadableError for a damaged or foreign file', async () => {
    const { vault } = await openHeadlessVault({ dataDir, env: noEnv });
    const path = join(dataDir, VAULT_FILE);
    writeFileSync(path, '{"format":1,"cipher":"aes-256-gcm"');
    await expect(vault.get('password')).rejects.toMatchObject({ name: 'VaultUnreadableError', reason: 'malformed' });
    writeFileSync(path, JSON.stringify({ format: 1, cipher: 'electron-safe-storage', data: 'AAAA' }));
    await expect(vault.get('password')).rejects.toMatchObject({ reason: 'other-cipher' });
  });

  it('applies setMany entirely or not at all', async () => {
    let failNext = false;
    const aes = new AesGcmCipher(randomBytes(32));
    const flaky: SecretCipher = {
      id: aes.id,
      encrypt: (plaintext) => (failNext ? Promise.reject(new Error('disk full')) : aes.encrypt(plaintext)),
      decrypt: (ciphertext) => aes.decrypt(ciphertext),
    };
    const vault = new FileVault({ path: join(dataDir, VAULT_FILE), cipher: flaky });
    await vault.setMany({ clientSecret: 'old-secret', refreshToken: 'old-token' });

    failNext = true;
    await expect(vault.setMany({ clientSecret: 'new-secret', refreshToken: 'new-token', password: 'pw' })).rejects.toThrow('disk full');
    failNext = false;
    expect(await vault.get('clientSecret')).toBe('old-secret');
    expect(await vault.get('refreshToken')).toBe('old-token');
    expect(await vault.get('password')).toBeUndefined();

    await vault.setMany({ clientSecret: 'new-secret', refreshToken: 'new-token', pendingClientSecret: null });
    expect(await vault.get('clientSecret')).toBe('new-secret');
    expect(await vault.get('refreshToken')).toBe('new-token');
  });

  it('loses no write when callers do not wait for each other', async () => {
    const { vault } = await openHeadlessVault({ dataDir, env: noEnv });
    await Promise.all([vault.set('clientSecret', 'a'), vault.set('password', 'b'), vault.set('refreshToken', 'c')]);
    expect([await vault.get('clientSecret'), await vault.get('password'), await vault.get('refreshToken')]).toEqual(['a', 'b', 'c']);
  });

  it('re-encrypts when the cipher says its key rotated', async () => {
    const aes = new AesGcmCipher(randomBytes(32));
    let rotated = true;
    const rotating: SecretCipher = {
      id: aes.id,
      encrypt: (plaintext) => aes.encrypt(plaintext),
      decrypt: async (ciphertext) => ({ ...(await aes.decrypt(ciphertext)), shouldReEncrypt: rotated }),
    };
    const vault = new FileVault({ path: join(dataDir, VAULT_FILE), cipher: rotating });
    await vault.set('password', 'pw');
    const before = readFileSync(join(dataDir, VAULT_FILE), 'utf8');
    expect(await vault.get('password')).toBe('pw');
    rotated = false;
    expect(readFileSync(join(dataDir, VAULT_FILE), 'utf8')).not.toBe(before);
  });
});
