// The operator's pause, kept in the ledger's settings table (not an operator setting: `config`
// never shows it). In memory only, "Pause until resumed" ended at the next restart of the service
// or the PC, and imports and tracking writeback went on during the maintenance it was pressed for;
// and `connector status` beside a paused service could not tell it was paused.
import { z } from 'zod';
import type { SettingsRepository } from '../store/settings-repository.ts';

const KEY = 'syncPause';
const StoredPause = z.object({ until: z.iso.datetime().nullable() });

/** Paused until when (null: until resumed), or undefined when not paused (or the pause has ended). */
export function storedPause(settings: SettingsRepository, now: number): number | null | undefined {
  let stored: z.output<typeof StoredPause> | undefined;
  try {
    stored = settings.getSetting(KEY, StoredPause);
  } catch {
    // A value this release cannot read is no pause; the next pause or resume overwrites it.
    return undefined;
  }
  if (stored === undefined) return undefined;
  if (stored.until === null) return null;
  const until = Date.parse(stored.until);
  return until > now ? until : undefined;
}

export function rememberPause(settings: SettingsRepository, until: number | null): void {
  settings.setSetting(KEY, { until: until === null ? null : new Date(until).toISOString() });
}

export function forgetPause(settings: SettingsRepository): void {
  settings.deleteSetting(KEY);
}
