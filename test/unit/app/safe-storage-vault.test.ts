// The app's vault: main/vault's FileVault with the safeStorage cipher, over a fake safeStorage.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { memoryPreferences } from '../../../main/app/preferences.ts';
import { SAFE_STORAGE_CIPHER_ID, SecretStorageRefusedError, createSafeStorageCipher } from '../../../main/app/safe-storage-cipher.ts';
import { weakStorageConsent } from '../../../main/app/weak-storage-consent.ts';
import { AesGcmCipher, FileVault, VAULT_FILE, VaultUnreadableError } from '../../../main/vault/index.ts';
import { fakeSafeStorage } from './fixtures.ts';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'dropstream-app-vault-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const vaultPath = () => join(dataDir, VAULT_FILE);
const vaultFile = () => readFileSync(vaultPath(), 'utf8');
const envelopeData = () => Buffer.from((JSON.parse(vaultFile()) as { data: string }).data, 'base64').toString();

function setup(options: Parameters<typeof fakeSafeStorage>[0] & { platform?: NodeJS.Platform; accept?: boolean } = {}) {
  const { state, safeStorage } = fakeSafeStorage(options);
  const prefs = memoryPreferences();
  const questions: string[] = [];
  const confirmWeakStorage = weakStorageConsent(prefs, async (question) => {
    questions.push(question.title);
    return options.accept ?? false;
  });
  const cipher = createSafeStorageCipher({ safeStorage, platform: options.platform ?? 'linux', confirmWeakStorage });
  return { state, prefs, questions, vault: new FileVault({ path: vaultPath(), cipher }) };
}

describe('the app vault: FileVault over safeStorage', () => {
  it('round-trips secrets, keeping only ciphertext in an owner-only file named for its cipher', async () => {
    const { vault } = setup();
    await vault.setMany({ clientSecret: 'p@ss word ü', password: 'hunter2' });
    expect(vaultFile()).not.toContain('p@ss');
    expect(vaultFile()).not.toContain('hunter2');
    expect(JSON.parse(vaultFile())).toMatchObject({ format: 1, cipher: SAFE_STORAGE_CIPHER_ID });
    if (process.platform !== 'win32') expect(statSync(vaultPath()).mode & 0o777).toBe(0o600);
    await expect(vault.get('clientSecret')).resolves.toBe('p@ss word ü');
    await vault.delete('clientSecret');
    await expect(vault.get('clientSecret')).resolves.toBeUndefined();
    await expect(vault.get('password')).resolves.toBe('hunter2');
  });

  it('answers undefined for a secret never stored, without creating a file', async () => {
    await expect(setup().vault.get('password')).resolves.toBeUndefined();
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('re-encrypts when safeStorage says the OS key has rotated', async () => {
    const { vault, state } = setup();
    await vault.set('password', 'hunter2');
    expect(envelopeData()).toMatch(/^operator\/v1:/);
    state.keyVersion = 2;
    await expect(vault.get('password')).resolves.toBe('hunter2');
    expect(envelopeData()).toMatch(/^operator\/v2:/);
  });

  it('does not re-encrypt into basic_text, nor ask about it, during a read', async () => {
    const { vault, state, questions } = setup();
    await vault.set('password', 'hunter2');
    const before = vaultFile();
    state.keyVersion = 2;
    state.backend = 'basic_text';
    await expect(vault.get('password')).resolves.toBe('hunter2');
    expect(vaultFile()).toBe(before);
    expect(questions).toEqual([]);
  });

  it('does not attempt a rewrite the OS cannot encrypt', async () => {
    const { vault, state } = setup();
    await vault.set('password', 'hunter2');
    const before = vaultFile();
    state.keyVersion = 2;
    state.available = false;
    await expect(vault.get('password')).resolves.toBe('hunter2');
    expect(vaultFile()).toBe(before);
  });

  it('turns a ciphertext this keyring cannot decrypt into VaultUnreadableError, never a crash', async () => {
    const { vault, state } = setup();
    await vault.set('clientSecret', 's3cret');
    state.keyring = 'otheruser';
    await expect(vault.get('clientSecret')).rejects.toMatchObject({ name: 'VaultUnreadableError', reason: 'wrong-key-or-tampered' });
    // The way out: forget the secrets and ask for them again.
    await vault.clear();
    await vault.set('clientSecret', 'fresh');
    await expect(vault.get('clientSecret')).resolves.toBe('fresh');
  });

  it('treats a damaged file as unreadable', async () => {
    const { vault } = setup();
    writeFileSync(vaultPath(), '{"format":1,"cipher":"electron-safe-storage","data":"%%%"}');
    await expect(vault.get('password')).rejects.toMatchObject({ reason: 'malformed' });
    writeFileSync(vaultPath(), 'not json');
    await expect(vault.get('password')).rejects.toBeInstanceOf(VaultUnreadableError);
  });

  it('refuses a vault file written by the headless key-file cipher', async () => {
    await new FileVault({ path: vaultPath(), cipher: new AesGcmCipher(Buffer.alloc(32, 7)) }).set('password', 'headless');
    await expect(setup().vault.get('password')).rejects.toMatchObject({ reason: 'other-cipher' });
  });

  it('refuses to store anything when the OS offers no encryption', async () => {
    const { vault } = setup({ available: false });
    const refusal = vault.set('clientSecret', 's');
    await expect(refusal).rejects.toBeInstanceOf(SecretStorageRefusedError);
    await expect(refusal).rejects.toMatchObject({ reason: 'unavailable' });
    expect(readdirSync(dataDir)).toEqual([]);
  });

  it('on Linux basic_text, refuses unless the operator accepts the warning, and remembers a yes', async () => {
    const declined = setup({ backend: 'basic_text', accept: false });
    await expect(declined.vault.set('clientSecret', 's')).rejects.toMatchObject({ name: 'SecretStorageRefusedError', reason: 'weak-backend-declined' });
    expect(readdirSync(dataDir)).toEqual([]);
    expect(declined.questions).toHaveLength(1);

    const accepted = setup({ backend: 'basic_text', accept: true });
    await accepted.vault.set('clientSecret', 's');
    await accepted.vault.set('password', 'p');
    expect(accepted.questions).toHaveLength(1);
    expect(accepted.prefs.get('weakSecretStorageAccepted')).toBe(true);
    await expect(accepted.vault.get('password')).resolves.toBe('p');
  });

  it('does not ask about basic_text outside Linux', async () => {
    const { vault, questions } = setup({ backend: 'basic_text', platform: 'win32' });
    await vault.set('clientSecret', 's');
    expect(questions).toEqual([]);
  });

  it('setMany changes nothing when encryption is refused, and deletes on null', async () => {
    const { vault, state } = setup();
    await vault.set('password', 'old');
    const before = vaultFile();
    state.available = false;
    await expect(vault.setMany({ clientSecret: 'new', password: 'new' })).rejects.toBeInstanceOf(SecretStorageRefusedError);
    expect(vaultFile()).toBe(before);
    state.available = true;
    await vault.setMany({ clientSecret: 'new', password: null });
    await expect(vault.get('clientSecret')).resolves.toBe('new');
    await expect(vault.get('password')).resolves.toBeUndefined();
  });
});
