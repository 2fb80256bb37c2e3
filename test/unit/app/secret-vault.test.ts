import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../main/app/key-value-store.ts';
import { createSafeStorageCipher, type SafeStorageLike } from '../../../main/app/safe-storage-cipher.ts';
import { SecretStorageRefusedError, VaultUnreadableError } from '../../../main/app/secret-cipher.ts';
import { createSecretVault } from '../../../main/app/secret-vault.ts';
import { weakStorageConsent } from '../../../main/app/weak-storage-consent.ts';

type Backend = ReturnType<SafeStorageLike['getSelectedStorageBackend']>;

/** A safeStorage stand-in: reversible "encryption" tagged with a key version, like a rotated OS key. */
function fakeSafeStorage(options: { available?: boolean; backend?: Backend; keyVersion?: number } = {}) {
  const fake = {
    available: options.available ?? true,
    backend: options.backend ?? ('gnome_libsecret' as Backend),
    keyVersion: options.keyVersion ?? 1,
    encryptions: 0,
  };
  const safeStorage: SafeStorageLike = {
    isAsyncEncryptionAvailable: async () => fake.available,
    getSelectedStorageBackend: () => fake.backend,
    encryptStringAsync: async (plain) => {
      fake.encryptions++;
      return Buffer.from(`v${fake.keyVersion}:${Buffer.from(plain).toString('hex')}`);
    },
    decryptStringAsync: async (data) => {
      const match = /^v(\d+):([0-9a-f]*)$/.exec(data.toString());
      if (!match) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: Buffer.from(match[2]!, 'hex').toString(), shouldReEncrypt: Number(match[1]) < fake.keyVersion };
    },
  };
  return { fake, safeStorage };
}

function setup(options: Parameters<typeof fakeSafeStorage>[0] & { platform?: NodeJS.Platform; accept?: boolean } = {}) {
  const { fake, safeStorage } = fakeSafeStorage(options);
  const prefs = memoryStore();
  const store = memoryStore();
  const questions: string[] = [];
  const confirmWeakStorage = weakStorageConsent(prefs, async (question) => {
    questions.push(question.title);
    return options.accept ?? false;
  });
  const cipher = createSafeStorageCipher({ safeStorage, platform: options.platform ?? 'linux', confirmWeakStorage });
  return { fake, prefs, store, questions, vault: createSecretVault(store, cipher) };
}

describe('secret vault over safeStorage', () => {
  it('round-trips a secret, keeping only ciphertext at rest', async () => {
    const { vault, store } = setup();
    await vault.set('clientSecret', 'p@ss word ü');
    expect(store.get('clientSecret')).not.toContain('p@ss');
    await expect(vault.get('clientSecret')).resolves.toBe('p@ss word ü');
    await vault.delete('clientSecret');
    await expect(vault.get('clientSecret')).resolves.toBeNull();
  });

  it('answers null for a secret never stored', async () => {
    await expect(setup().vault.get('password')).resolves.toBeNull();
  });

  it('re-encrypts when safeStorage says the key has rotated', async () => {
    const { vault, store, fake } = setup();
    await vault.set('password', 'hunter2');
    const before = store.get('password');
    fake.keyVersion = 2;
    await expect(vault.get('password')).resolves.toBe('hunter2');
    expect(store.get('password')).not.toBe(before);
    expect(Buffer.from(String(store.get('password')), 'base64').toString()).toMatch(/^v2:/);
  });

  it('turns a ciphertext that will not decrypt into VaultUnreadableError, never a crash', async () => {
    const { vault, store } = setup();
    store.set('clientSecret', Buffer.from('v1:zz-not-hex').toString('base64'));
    await expect(vault.get('clientSecret')).rejects.toBeInstanceOf(VaultUnreadableError);
  });

  it('treats a damaged entry (not base64, not a string) as unreadable', async () => {
    const { vault, store } = setup();
    store.set('clientSecret', '%%%');
    await expect(vault.get('clientSecret')).rejects.toBeInstanceOf(VaultUnreadableError);
    store.set('password', { nested: true });
    await expect(vault.get('password')).rejects.toMatchObject({ name: 'VaultUnreadableError', secretName: 'password' });
  });

  it('refuses to store anything when the OS offers no encryption', async () => {
    const { vault, store } = setup({ available: false });
    await expect(vault.set('clientSecret', 's')).rejects.toMatchObject({ reason: 'unavailable' });
    expect(store.get('clientSecret')).toBeUndefined();
  });

  it('on Linux basic_text, refuses unless the operator accepts the warning', async () => {
    const declined = setup({ backend: 'basic_text', accept: false });
    await expect(declined.vault.set('clientSecret', 's')).rejects.toBeInstanceOf(SecretStorageRefusedError);
    expect(declined.store.get('clientSecret')).toBeUndefined();
    expect(declined.questions).toHaveLength(1);

    const accepted = setup({ backend: 'basic_text', accept: true });
    await accepted.vault.set('clientSecret', 's');
    await accepted.vault.set('password', 'p');
    expect(accepted.questions).toHaveLength(1);
    await expect(accepted.vault.get('password')).resolves.toBe('p');
  });

  it('does not ask about basic_text outside Linux', async () => {
    const { vault, questions } = setup({ backend: 'basic_text', platform: 'win32' });
    await vault.set('clientSecret', 's');
    expect(questions).toEqual([]);
  });

  it('setMany writes nothing when one encryption fails, and deletes on null', async () => {
    const { vault, store, fake } = setup();
    await vault.set('password', 'old');
    const encryptions = fake.encryptions;
    fake.available = false;
    await expect(vault.setMany({ clientSecret: 'new', password: 'new' })).rejects.toBeInstanceOf(SecretStorageRefusedError);
    expect(store.get('clientSecret')).toBeUndefined();
    fake.available = true;
    await vault.setMany({ clientSecret: 'new', password: null });
    expect(fake.encryptions).toBe(encryptions + 1);
    await expect(vault.get('clientSecret')).resolves.toBe('new');
    await expect(vault.get('password')).resolves.toBeNull();
  });

  it('rejects names electron-store would read as nested paths', async () => {
    await expect(setup().vault.set('a.b', 's')).rejects.toThrow('Invalid secret name');
  });
});
