// A cycle's page guard (company-guard.ts) and Setup's answer "the same company at a new address"
// (same-company-move.ts), over a real ledger file: what a cycle begun at the old address read is
// stored only when Setup was told the new address is the same company's.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { companyOf } from '../../../main/acumatica/company.ts';
import { companyGuard, type CompanyGuard } from '../../../main/engine/company-guard.ts';
import { declaredSameCompany, rememberSameCompanyMove } from '../../../main/engine/same-company-move.ts';
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
  return companyGuard(settings, companyOf(OLD), { before: null, now: () => null }, (from, to) => declaredSameCompany(ledger.settings, from, to));
}

function moveTo(to: typeof OLD, declaredSame: boolean): void {
  const from = settings.all();
  ledger.transaction(() => {
    if (declaredSame) rememberSameCompanyMove(ledger.settings, companyOf(from), companyOf(to), Date.now());
    settings.update(to);
  });
}

describe('a cycle begun at the old address', () => {
  it('stores its page and posts tracking when Setup was told the new address is the same company', () => {
    const guard = oldCycleGuard();
    moveTo(NEW_ADDRESS, true);
    expect(() => guard.refusePage()).not.toThrow();
    expect(guard.hasMoved()).toBe(false);
  });

  it('stores nothing when the move was not declared the same company (a ledger that held nothing is not asked)', () => {
    const guard = oldCycleGuard();
    moveTo(NEW_ADDRESS, false);
    expect(() => guard.refusePage()).toThrow(
      'Setup moved the connector to another Acumatica company while this sync read https://erp.example.com/AcumaticaSandbox (tenant Company); what it read was not stored. The next sync reads the new company.',
    );
    expect(guard.hasMoved()).toBe(true);
  });

  it('stores nothing after two moves: only the latest answer is kept, and it names another old address', () => {
    const guard = oldCycleGuard();
    moveTo(NEW_ADDRESS, true);
    moveTo(THIRD, true);
    expect(() => guard.refusePage()).toThrow(/^Setup moved the connector to another Acumatica company/);
  });

  it('reads an unreadable stored answer as "not declared"', () => {
    const guard = oldCycleGuard();
    moveTo(NEW_ADDRESS, false);
    ledger.settings.setSetting('sameCompanyMove', { from: 'garbled' });
    expect(() => guard.refusePage()).toThrow(/^Setup moved the connector to another Acumatica company/);
  });
});
