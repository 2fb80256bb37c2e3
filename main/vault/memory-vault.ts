import type { SecretChanges, SecretName, Vault } from './vault.ts';

/** A vault that lives and dies with the process: for tests and throwaway demo runs. */
export class MemoryVault implements Vault {
  readonly #secrets = new Map<SecretName, string>();

  constructor(initial: Partial<Record<SecretName, string>> = {}) {
    for (const [name, value] of Object.entries(initial) as [SecretName, string | undefined][]) {
      if (value !== undefined) this.#secrets.set(name, value);
    }
  }

  get(name: SecretName): Promise<string | undefined> {
    return Promise.resolve(this.#secrets.get(name));
  }

  set(name: SecretName, value: string): Promise<void> {
    return this.setMany({ [name]: value });
  }

  delete(name: SecretName): Promise<void> {
    return this.setMany({ [name]: null });
  }

  setMany(changes: SecretChanges): Promise<void> {
    for (const [name, value] of Object.entries(changes) as [SecretName, string | null | undefined][]) {
      if (value === null) this.#secrets.delete(name);
      else if (value !== undefined) this.#secrets.set(name, value);
    }
    return Promise.resolve();
  }

  clear(): Promise<void> {
    this.#secrets.clear();
    return Promise.resolve();
  }

  async startOver(secrets: Partial<Record<SecretName, string>>): Promise<string | null> {
    this.#secrets.clear();
    await this.setMany(secrets);
    return null;
  }
}
