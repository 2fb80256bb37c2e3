// Setup pointed at another Acumatica company (another instance, or another tenant) while the ledger
// holds what the current one sent. Kept as it was, the new company's orders would mix with the old
// ones under the same numbers (an older version of SO000123 skipped as "not newer" than the other
// company's), the old sync positions would skip the new company's first-run window, and a tracking
// number queued for the old SH000042 would be written to the new company's SH000042. So Setup asks:
// the same company at a new address keeps the ledger; another company starts it over, after a copy.
import { dirname, join } from 'node:path';
import { companyOf, describeCompany, sameCompany, type AcumaticaCompany } from '../acumatica/company.ts';
import { setAsideInbox } from '../delivery/index.ts';
import type { ImportedRecordCounts, Ledger } from '../store/index.ts';
import type { Settings } from '../../preload/api.ts';
import { OperatorError } from './dispatch.ts';
import { rememberRecordsStartedOver } from './records-started-over.ts';

export interface CompanyChange {
  from: AcumaticaCompany;
  to: AcumaticaCompany;
  held: ImportedRecordCounts;
}

/** The move Setup would make, or null: same company, or nothing imported from the current one yet. */
export function companyChange(ledger: Ledger, current: Settings, candidate: Settings): CompanyChange | null {
  if (current.instanceUrl === '' || current.clientId === '') return null;
  const from = companyOf(current);
  const to = companyOf(candidate);
  if (sameCompany(from, to)) return null;
  const held = ledger.importedRecords();
  if (held.orders + held.shipments + held.cursors + held.owedDeliveries + held.owedTracking === 0) return null;
  return { from, to, held };
}

/** How the question names its two answers: the form's buttons, or the command line's flags. */
export interface CompanyChoiceWords {
  same: string;
  other: string;
}

/** The refusal that asks which it is, naming the answers in the caller's words. */
export function companyChangeQuestion(change: CompanyChange, how: CompanyChoiceWords): OperatorError {
  const { held } = change;
  const owed = held.owedDeliveries + held.owedTracking > 0 ? ` ${held.owedDeliveries} deliveries not yet sent and ${held.owedTracking} tracking numbers not yet written would go with them.` : '';
  return new OperatorError(
    'refused',
    `Not saved: this connector holds ${held.orders} orders and ${held.shipments} shipments from ${describeCompany(change.from)}, and ${describeCompany(change.to)} may be another Acumatica company, whose orders would mix with them under the same numbers. ` +
      `If it is the same company at a new address, ${how.same}. If it is another company, ${how.other}: the imported records are cleared (a copy of the ledger is kept) and its orders of the first-run window are imported.${owed}`,
    'companyChoice',
  );
}

/** The copy's name beside the ledger: what a support person or the admin would look for. */
export function ledgerCopyPath(ledgerPath: string, at: number): string {
  const stamp = new Date(at).toISOString().replace(/[:.]/g, '-');
  return join(dirname(ledgerPath), `ledger-before-company-change-${stamp}.sqlite`);
}

/** A copy of the ledger before it starts over; a copy that fails stops Setup before anything changed. */
export function copyLedgerBeforeStartingOver(ledger: Ledger, at: number): string {
  const copy = ledgerCopyPath(ledger.path, at);
  try {
    ledger.copyTo(copy);
  } catch (error) {
    throw new OperatorError('failed', `Not saved: the ledger could not be copied to ${copy} before starting it over (${error instanceof Error ? error.message : String(error)}). Nothing was changed.`);
  }
  return copy;
}

/**
 * Tracking files still waiting in the inbox were written for the old company's shipments and
 * orders (the only ones its sender knew): read after the move, each number would be written to the
 * new company's shipment of the same number, as a queued one would. They go to rejected/ unread,
 * with the reason beside each, before anything else changes; a file that cannot be moved stops
 * Setup. Returns the names set aside.
 */
export async function setAsideWaitingTracking(ledger: Ledger, inboxDir: string | null, change: CompanyChange): Promise<string[]> {
  if (inboxDir === null) return [];
  const from = describeCompany(change.from);
  const reason = `Set aside unread: it was waiting in the tracking inbox when Setup moved the connector from ${from} to ${describeCompany(change.to)}, another Acumatica company, so its numbers are for the old company's shipments and orders. If it is for the new company, put it back in the inbox.`;
  const notSaved = (problem: string) =>
    new OperatorError('failed', `Not saved: the tracking files waiting in the inbox ${inboxDir}, written for ${from}, could not be set aside (${problem}). Move them out of the inbox or fix the folder, then save again.`);
  let result;
  try {
    result = await setAsideInbox(inboxDir, reason);
  } catch (error) {
    throw notSaved(error instanceof Error ? error.message : String(error));
  }
  if (result.moved.length > 0) {
    ledger.activity.record({
      level: 'warn',
      kind: 'tracking.inbox-set-aside',
      message: `Setup set aside ${result.moved.length} tracking ${result.moved.length === 1 ? 'file' : 'files'} waiting in the inbox, written for ${from}: ${result.moved.join(', ')}. They are in rejected/ unread; put one back in the inbox only if it is for the new company.`,
      details: { dir: inboxDir, files: result.moved },
    });
  }
  if (result.failed.length > 0) throw notSaved(result.failed.map((failed) => `${failed.file}: ${failed.reason}`).join('; '));
  return result.moved;
}

/**
 * Clears what came from the old company and says so. `copy` is null when Setup found nothing to
 * copy at first: what is cleared then was imported by a cycle that ran while Setup was saving.
 */
export function startLedgerOver(ledger: Ledger, change: CompanyChange, copy: string | null, at: number): ImportedRecordCounts {
  const cleared = ledger.clearImportedRecords();
  rememberRecordsStartedOver(ledger.settings, at);
  ledger.activity.record({
    level: 'warn',
    kind: 'setup.company-changed',
    message:
      `Setup moved the connector from ${describeCompany(change.from)} to ${describeCompany(change.to)}: the ${cleared.orders} orders and ${cleared.shipments} shipments imported before were cleared, ` +
      `with ${cleared.owedDeliveries} deliveries not yet sent and ${cleared.owedTracking} tracking numbers not yet written.` +
      (copy === null ? ' They were imported while Setup was being saved.' : ` A copy of the ledger is kept as ${copy}.`),
    details: { copy, ...cleared },
  });
  return cleared;
}
