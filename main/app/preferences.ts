// The shell's own preferences, in electron-store. The split is deliberate:
// - electron-store (here) keeps only what the Electron shell alone uses: whether start-at-login
//   was set up, which notifications were already delivered, and the operator's acceptance of
//   Linux's basic_text secret storage.
// - The engine's settings (instance URL, poll interval, quiet notifications, ...) live in the
//   ledger (SQLite), because the CLI and the headless service read and write the same ones; the
//   shell reads them through ShellEngine.setting().
// - Secrets live in the vault file (main/vault/FileVault with the safeStorage cipher).
// electron-store imports electron at load time, so main/app/index.ts constructs it and everything
// else takes this interface (and tests a Map).

/** Every key the shell keeps; an engine setting has no place in this list. */
export type PreferenceKey = 'startAtLoginInitialised' | 'notificationsDelivered' | 'weakSecretStorageAccepted';

export interface Preferences {
  /** Whatever the file holds, unchecked: each reader validates its own key. */
  get(key: PreferenceKey): unknown;
  set(key: PreferenceKey, value: unknown): void;
}

export function memoryPreferences(initial: Partial<Record<PreferenceKey, unknown>> = {}): Preferences {
  const values = new Map<PreferenceKey, unknown>(Object.entries(initial) as [PreferenceKey, unknown][]);
  return {
    get: (key) => values.get(key),
    set: (key, value) => void values.set(key, value),
  };
}
