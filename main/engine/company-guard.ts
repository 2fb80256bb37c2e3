// A sync cycle reads one Acumatica company from start to end, but Setup may move the connector to
// another one while it runs (in this process, or `connector setup` beside the service) and start
// the ledger over for it. What the cycle read after that (a page of records, a tracking file from
// the inbox) was meant for the company it began with. So it asks before each store, inside the
// transaction that stores: Setup's clear and its new settings commit in one transaction too, so
// either the store comes first and is cleared with the rest, or it sees the new company and stores
// nothing. Asked outside, a save committed between the question and the insert got through.
// A new address Setup was told is the same company's (same-company-move.ts) is no move: what the
// cycle read there is that company's, and it is stored.
import { companyOf, describeCompany, sameCompany, type AcumaticaCompany } from '../acumatica/company.ts';
import type { SettingsService } from './settings-service.ts';

export interface CompanyGuard {
  /**
   * For the tracking writer, before each number: true once Setup has moved. A number queued after
   * the move is for the new company, and this cycle's connection still signs in to the old one.
   */
  hasMoved(): boolean;
  /** For a page of records: throws, rolling the page back, once Setup has moved. */
  refusePage(): void;
  /**
   * For a tracking file from the inbox: why it is set aside instead of queued, or null to queue it.
   * Only once Setup has started the ledger over for the move, as it sets aside the files waiting
   * then: the same company at a new address (Setup's other answer) keeps the ledger, and the file.
   */
  trackingFileSetAside(): string | null;
}

/**
 * The guard of a cycle begun for `company`, reading the settings as the ledger holds them now.
 * `startedOver` is when the records were last started over (records-started-over.ts): `before`,
 * read before the cycle read the settings it syncs with, and `now()`. `declaredSame(from, to)`
 * says whether Setup was told `to` is the same company as `from` at a new address.
 */
export function companyGuard(
  settings: Pick<SettingsService, 'get'>,
  company: AcumaticaCompany,
  startedOver: { before: string | null; now: () => string | null },
  declaredSame: (from: AcumaticaCompany, to: AcumaticaCompany) => boolean = () => false,
): CompanyGuard {
  // The company Setup moved the connector to since the cycle began, or null if it has not.
  const movedTo = (): AcumaticaCompany | null => {
    const current = companyOf({ instanceUrl: settings.get('instanceUrl'), clientId: settings.get('clientId') });
    if (sameCompany(current, company)) return null;
    // An answer given before a start-over is no answer for the ledger started over.
    return declaredSame(company, current) && startedOver.now() === startedOver.before ? null : current;
  };
  return {
    hasMoved: () => movedTo() !== null,
    refusePage() {
      if (movedTo() !== null) {
        throw new Error(`Setup moved the connector to another Acumatica company while this sync read ${describeCompany(company)}; what it read was not stored. The next sync reads the new company.`);
      }
    },
    trackingFileSetAside() {
      const to = movedTo();
      if (to === null || startedOver.now() === startedOver.before) return null;
      return (
        `Nothing queued: a sync of ${describeCompany(company)} was reading it when Setup moved the connector to ${describeCompany(to)}, another Acumatica company, ` +
        `so its numbers are for the old company's shipments and orders. If it is for the new company, put it back in the inbox.`
      );
    },
  };
}
