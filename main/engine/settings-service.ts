// Typed, validated settings over the ledger's key/value table. Every read falls back to the
// default and every write goes through the same schema the UI and `config set` use.
import type { SettingsRepository } from '../store/settings-repository.ts';
import type { JsonValue } from '../store/index.ts';
import { settingDefaults, settingSchemas, storedSettingSchemas, type SettingKey, type Settings } from '../../preload/api.ts';

export class SettingsService {
  readonly #repository: SettingsRepository;

  constructor(repository: SettingsRepository) {
    this.#repository = repository;
  }

  get<K extends SettingKey>(key: K): Settings[K] {
    const stored = this.#repository.getSetting(key, storedSettingSchemas[key]);
    return (stored ?? settingDefaults[key]) as Settings[K];
  }

  all(): Settings {
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(settingSchemas) as SettingKey[]) result[key] = this.get(key);
    return result as Settings;
  }

  /** Validates every value first, then writes them all; a bad value writes nothing. */
  update(patch: Partial<Settings>): Settings {
    for (const [key, value] of this.check(patch)) this.#repository.setSetting(key, value as JsonValue);
    return this.all();
  }

  /** The patch's values as they would be stored; throws SettingsError for the first bad one, writing nothing. */
  check(patch: Partial<Settings>): [SettingKey, unknown][] {
    const parsed: [SettingKey, unknown][] = [];
    for (const [key, value] of Object.entries(patch) as [SettingKey, unknown][]) {
      const result = settingSchemas[key].safeParse(value);
      if (!result.success) throw new SettingsError(key, result.error.issues[0]?.message ?? 'invalid value');
      parsed.push([key, result.data]);
    }
    return parsed;
  }

  isConfigured(): boolean {
    return this.get('instanceUrl') !== '' && this.get('clientId') !== '' && this.get('username') !== '';
  }
}

export class SettingsError extends Error {
  readonly key: SettingKey;
  constructor(key: SettingKey, message: string) {
    super(`${key}: ${message}`);
    this.name = 'SettingsError';
    this.key = key;
  }
}
