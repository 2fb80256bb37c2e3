// When the imported records were last started over (Setup's move to another Acumatica company),
// kept in the ledger's settings table (not an operator setting: `config` never shows it). Status
// carries it so an open window reloads its order and activity lists when the ledger was started
// over, by its own Setup or by `connector setup --new-company` run beside it: those lists hold
// what was loaded before, and would go on showing the old company's orders.
import { z } from 'zod';
import type { SettingsRepository } from '../store/settings-repository.ts';

const KEY = 'recordsStartedOver';
const StoredStartOver = z.object({ at: z.iso.datetime() });

/** The ISO time of the last start-over, or null (never, or a value this release cannot read). */
export function recordsStartedOverAt(settings: SettingsRepository): string | null {
  try {
    return settings.getSetting(KEY, StoredStartOver)?.at ?? null;
  } catch {
    // Unreadable is "never": the next start-over overwrites it, and nothing else depends on it.
    return null;
  }
}

/** Called in the transaction that clears the records, so the two commit together. */
export function rememberRecordsStartedOver(settings: SettingsRepository, at: number): void {
  settings.setSetting(KEY, { at: new Date(at).toISOString() });
}
