// A cycle's page guard (company-guard.ts) and Setup's answer "the same company at a new address"
// (same-company-move.ts), over a real ledger file: what a cycle begun at the old address read is
// stored only when Setup was told the new address is the same company's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { companyOf } from '../../../main/acumatica/company.ts';
import { companyGuard, type CompanyGuard } from '../../../main/engine/company-guard.ts';
import { declaredSameCompany, recordCompanyAnswer } from '../../../main/engine/same-company-move.ts';
import { recordsStartedOverAt, rememberRecordsStartedOver } from '../../../main/engine/records-started-over.ts';
import { SettingsService } from '../../../main/engine/settings-service.ts';
import { openLedger, type Ledger } from '../../../main/store/index.ts';

const GUID = '03539A80-9BBD-231F-0435-7FBC92E9CD3F';
const OLD = { instanceUrl: 'https://erp.example.com/AcumaticaSandbox', clientId: `${GUID}@Company` };
const NEW_ADDRESS = { instanceUrl: 'https://erp-new.example.com/AcumaticaSandbox', clientId: `${GUID}@Company` };
const THIRD = { instanceUrl: 'https://erp-third.example.com/AcumaticaSandbox', clientId: `${GUID}@Company` };

let root: string;
let ledger: Ledger;
let settings: SettingsService;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ds-same-company-'));
  ledger = openLedger({ path: join(root, 'ledger.sqlite') });
  settings = new SettingsService(ledger.settings);
  settings.update(OLD);
});
afterEach(() => {
  ledger.close();
  rmSync(root, { recursive: true, force: true });
});

/** The guard of a cycle that began with OLD saved, as the connector builds it. */
function oldCycleGuard(): CompanyGuard {
  const startedOver = () => recordsStartedOverAt(ledger.settings);
  return companyGuard(settings, companyOf(OLD), { before: startedOver(), now: startedOver }, (from, to) => declaredSameCompany(ledger.settings, from, to));
}

/** Setup's save of `to`, as saveSetup commits it; "new-company" starts the records over. */
function moveTo(to: typeof OLD, choice: 'same-company' | 'new-company' | undefined): void {
  const from = settings.all();
  ledger.transaction(() => {
    if (choice === 'new-company') rememberRecordsStartedOver(ledger.settings, Date.now());
    recordCompanyAnswer(ledger.settings, companyOf(from), companyOf(to), choice, Date.now());
    settings.update(to);
  });
}

describe('a cycle begun at the old address', () => {
  it('stores its page and posts tracking when Setup was told the new address is the same company', () => {
    const guard = oldCycleGuard();
    moveTo(NEW_ADDRESS, 'same-company');
    expect(() => guard.refusePage()).not.toThrow();
    expect(guard.hasMoved()).toBe(false);
  });

  it('stores nothing when the move was not declared the same company (a ledger that held nothing is not asked)', () => {
    const guard = oldCycleGuard();
    moveTo(NEW_ADDRESS, undefined);
    expect(() => guard.refusePage()).toThrow(
      'Setup moved the connector to another Acumatica company while this sync read https://erp.example.com/AcumaticaSandbox (tenant Company); what it read was not stored. The next sync reads the new company.',
    );
    expect(guard.hasMoved()).toBe(true);
  });

  it('stores nothing after two moves: only the latest answer is kept, and it names another old address', () => {
    const guard = oldCycleGuard();
    moveTo(NEW_ADDRESS, 'same-company');
    moveTo(THIRD, 'same-company');
    expect(() => guard.refusePage()).toThrow(/^Setup moved the connector to another Acumatica company/);
  });

  it('stores nothing when an earlier "same company" answer for these addresses was ended by a move to another company', () => {
    moveTo(NEW_ADDRESS, 'same-company');
    moveTo(OLD, 'new-company');
    const guard = oldCycleGuard();
    // No question asked this time (say, nothing imported yet): the old answer must not speak for it.
    moveTo(NEW_ADDRESS, undefined);
    expect(() => guard.refusePage()).toThrow(/^Setup moved the connector to another Acumatica company/);
  });

  it('stores nothing once the records were started over, whatever was answered before', () => {
    const guard = oldCycleGuard();
    moveTo(NEW_ADDRESS, 'same-company');
    ledger.transaction(() => rememberRecordsStartedOver(ledger.settings, Date.now() + 1_000));
    expect(() => guard.refusePage()).toThrow(/^Setup moved the connector to another Acumatica company/);
    expect(guard.hasMoved()).toBe(true);
  });

  it('reads an unreadable stored answer as "not declared"', () => {
    const guard = oldCycleGuard();
    moveTo(NEW_ADDRESS, undefined);
    ledger.settings.setSetting('sameCompanyMove', { from: 'garbled' });
    expect(() => guard.refusePage()).toThrow(/^Setup moved the connector to another Acumatica company/);
  });
});
