import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import type { JsonValue } from './rows.ts';
import { parseRow, parseRows, parseStoredJson, text } from './rows.ts';

/** A setting read back from the ledger did not match the schema its reader expects. */
export class SettingValueError extends Error {
  constructor(key: string, issues: string) {
    super(`Setting "${key}" has an unexpected value: ${issues}`);
    this.name = 'SettingValueError';
  }
}

// The ledger file is not encrypted: secrets belong in main/vault/. Refusing such names here
// catches the mistake at the first write instead of in a support bundle. Names that END in a secret
// word hold one ("clientSecret", "webhookApiKey"); "secretExpiresOn" only describes one.
const SECRET_LOOKING_KEY = /(secret|password|passwd|token|api[-_]?key|credentials?)$/i;

const settingRow = z.object({ key: text, value: text });

/** Non-secret preferences (poll interval, destinations, retention days) as JSON values. */
export class SettingsRepository {
  readonly #db: DatabaseSync;
  readonly #now: () => number;

  constructor(db: DatabaseSync, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  /** The value under `key` parsed with `schema`, or undefined when unset. */
  getSetting<Schema extends z.ZodType>(key: string, schema: Schema): z.output<Schema> | undefined {
    const raw = this.#db.prepare('SELECT key, value FROM settings WHERE key = ?').get(key);
    if (raw === undefined) return undefined;
    const json = parseStoredJson(parseRow(settingRow, raw, 'settings').value, `settings.${key}`);
    const result = schema.safeParse(json);
    if (!result.success) throw new SettingValueError(key, z.prettifyError(result.error));
    return result.data;
  }

  setSetting(key: string, value: JsonValue): void {
    if (SECRET_LOOKING_KEY.test(key)) {
      throw new Error(`Setting "${key}" looks like a secret; store secrets in the vault, not the ledger`);
    }
    this.#db
      .prepare(
        `INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(key, JSON.stringify(value), this.#now());
  }

  deleteSetting(key: string): void {
    this.#db.prepare('DELETE FROM settings WHERE key = ?').run(key);
  }

  listSettings(): Record<string, JsonValue> {
    const rows = parseRows(settingRow, this.#db.prepare('SELECT key, value FROM settings ORDER BY key').all(), 'settings');
    return Object.fromEntries(rows.map((row) => [row.key, parseStoredJson(row.value, `settings.${row.key}`)]));
  }
}
