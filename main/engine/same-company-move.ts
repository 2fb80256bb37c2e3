// Setup's answer "the same company at a new address" (companyChoice 'same-company', `setup
// --same-company`), kept in the ledger's settings table (not an operator setting: `config` never
// shows it). A cycle that began at the old address asks it before storing what it read there:
// the operator said it is the same company's data, so it is stored, not refused as another
// company's. Only the latest answer is kept: a cycle older than two moves is refused, the safe side.
import { z } from 'zod';
import { sameCompany, type AcumaticaCompany } from '../acumatica/company.ts';
import type { SettingsRepository } from '../store/settings-repository.ts';

const KEY = 'sameCompanyMove';
const Company = z.object({ instanceUrl: z.string(), tenant: z.string() });
const StoredMove = z.object({ from: Company, to: Company, at: z.iso.datetime() });

/** Called in the transaction that saves the new address, so the two commit together. */
export function rememberSameCompanyMove(settings: SettingsRepository, from: AcumaticaCompany, to: AcumaticaCompany, at: number): void {
  settings.setSetting(KEY, { from: { ...from }, to: { ...to }, at: new Date(at).toISOString() });
}

/** Whether Setup's last answer declared `to` the same company as `from`. */
export function declaredSameCompany(settings: SettingsRepository, from: AcumaticaCompany, to: AcumaticaCompany): boolean {
  let move;
  try {
    move = settings.getSetting(KEY, StoredMove);
  } catch {
    // Unreadable is "not declared": the cycle's page is refused and the next cycle reads it again.
    return false;
  }
  return move !== undefined && sameCompany(move.from, from) && sameCompany(move.to, to);
}
