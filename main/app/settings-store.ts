// Non-secret settings in electron-store, validated with the contract's schemas on the way in and
// on the way out: a hand-edited or older settings file falls back to defaults key by key instead
// of reaching the engine malformed.
import { SettingsPatch, settingDefaults, settingSchemas, type SettingKey, type Settings } from '../../preload/api.ts';
import type { KeyValueStore } from './key-value-store.ts';

export interface SettingsStore {
  get(): Settings;
  /** Validates the patch against SettingsPatch; throws the ZodError for the caller to report. */
  update(patch: unknown): Settings;
}

const KEY = 'settings';

export function createSettingsStore(store: KeyValueStore): SettingsStore {
  function get(): Settings {
    const raw = store.get(KEY);
    const saved = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const settings: Record<string, unknown> = { ...settingDefaults };
    for (const key of Object.keys(settingSchemas) as SettingKey[]) {
      if (!Object.hasOwn(saved, key)) continue;
      const parsed = settingSchemas[key].safeParse(saved[key]);
      if (parsed.success) settings[key] = parsed.data;
    }
    return settings as Settings;
  }

  return {
    get,
    update(patch) {
      const next = { ...get(), ...SettingsPatch.parse(patch) };
      store.set(KEY, next);
      return next;
    },
  };
}
