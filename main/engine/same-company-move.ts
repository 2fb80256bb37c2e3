// Setup's answer "the same company at a new address" (companyChoice 'same-company', `setup
// --same-company`), kept in the ledger's settings table (not an operator setting: `config` never
// shows it). A cycle that began at the old address asks it before storing what it read there:
// the operator said it is the same company's data, so it is stored, not refused as another
// company's. Only the latest answer is kept: a cycle older than two moves is refused, the safe side.
import { z } from 'zod';
import { sameCompany, type AcumaticaCompany } from '../acumatica/company.ts';
import type { SettingsRepository } from '../store/settings-repository.ts';
import type { CompanyChoice } from '../../preload/api.ts';

const KEY = 'sameCompanyMove';
const Company = z.object({ instanceUrl: z.string(), tenant: z.string() });
const StoredMove = z.object({ from: Company, to: Company, at: z.iso.datetime() });

/**
 * Called in the transaction that saves the new settings, so the answer and the address commit
 * together. Told it is the same company, the move is remembered; any other move of the company
 * (another company, or one no question was asked for: nothing imported yet) ends an earlier answer.
 */
export function recordCompanyAnswer(settings: SettingsRepository, from: AcumaticaCompany, to: AcumaticaCompany, choice: CompanyChoice | undefined, at: number): void {
  if (sameCompany(from, to)) return;
  if (choice === 'same-company') settings.setSetting(KEY, { from: { ...from }, to: { ...to }, at: new Date(at).toISOString() });
  else settings.deleteSetting(KEY);
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
