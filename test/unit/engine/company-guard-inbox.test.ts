// A tracking file an old-company cycle is reading when Setup moves to another Acumatica company
// (here `connector setup` beside the service: a second connection to the same ledger file). The
// move commits between the file's read and the queueing of its rows; the moment is made
// deterministic by the inbox's clock, which it reads right after the read to name the moved file.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { companyOf } from '../../../main/acumatica/company.ts';
import { processInbox } from '../../../main/delivery/tracking-inbox.ts';
import { companyChange, startLedgerOver } from '../../../main/engine/company-change.ts';
import { companyGuard } from '../../../main/engine/company-guard.ts';
import { recordsStartedOverAt } from '../../../main/engine/records-started-over.ts';
import { SettingsService } from '../../../main/engine/settings-service.ts';
import { openLedger, type Ledger } from '../../../main/store/index.ts';

const NOW = Date.parse('2026-11-28T15:00:00.000Z');
const STAMP = '20261128T150000Z';
const GUID = '03539A80-9BBD-231F-0435-7FBC92E9CD3F';
const OLD = { instanceUrl: 'https://erp.example.com/AcumaticaSandbox', clientId: `${GUID}@Company` };
const NEW = { instanceUrl: 'https://erp.example.com/AcumaticaERP', clientId: `${GUID}@Production` };
const FILE = 'ShipmentNbr,TrackingNbr\nSH000042,1ZOLDCOMPANY\n';

let root: string;
let inbox: string;
let service: Ledger;
let cli: Ledger;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ds-inbox-race-'));
  inbox = join(root, 'inbox');
  mkdirSync(inbox);
  service = openLedger({ path: join(root, 'ledger.sqlite'), now: () => NOW });
  cli = openLedger({ path: join(root, 'ledger.sqlite'), now: () => NOW });
  new SettingsService(service.settings).update(OLD);
  // Owed to the old company, so Setup has something to start over.
  service.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr: 'SH000001' }, trackingNbr: '1ZQUEUEDBEFORE' });
  writeFileSync(join(inbox, 'old-company.csv'), FILE);
  const settled = new Date(Date.now() - 60_000);
  utimesSync(join(inbox, 'old-company.csv'), settled, settled);
});
afterEach(() => {
  service.close();
  cli.close();
  rmSync(root, { recursive: true, force: true });
});

/** `connector setup --new-company` as saveSetup commits it: the clear and the new settings in one transaction. */
function moveToNewCompany(): void {
  const settings = new SettingsService(cli.settings);
  const current = settings.all();
  const change = companyChange(cli, current, { ...current, ...NEW });
  expect(change).not.toBeNull();
  cli.transaction(() => {
    startLedgerOver(cli, change!, null, Date.now());
    settings.update(NEW);
  });
}

/**
 * Setup saved with "the same company at a new address" (companyChoice 'same-company', `setup
 * --same-company`): the settings name another instance URL, and the ledger is kept as it was.
 */
function sameCompanyAtNewAddress(): void {
  new SettingsService(cli.settings).update({ instanceUrl: 'https://erp-new.example.com/AcumaticaSandbox' });
}

/** The inbox pass of a cycle begun for the old company; `during` runs once the file is read. */
function oldCompanyPass(during: () => void = () => undefined) {
  const startedOver = () => recordsStartedOverAt(service.settings);
  const guard = companyGuard(new SettingsService(service.settings), companyOf(OLD), { before: startedOver(), now: startedOver });
  let fired = false;
  const clock = () => {
    if (!fired) {
      fired = true;
      during();
    }
    return NOW;
  };
  return processInbox(inbox, service, { now: clock, setAsideBecause: () => guard.trackingFileSetAside() });
}

const list = (sub: string) => readdirSync(join(inbox, sub)).sort();

describe('the tracking inbox and a move to another company', () => {
  it('queues the file as before while the company stays', async () => {
    const [report] = await oldCompanyPass();
    expect(report).toMatchObject({ outcome: 'processed', queued: 1 });
    expect(service.tracking.listQueued(10).map((entry) => entry.trackingNbr)).toEqual(['1ZQUEUEDBEFORE', '1ZOLDCOMPANY']);
  });

  it('queues the file as before when Setup kept the ledger for the same company at a new address', async () => {
    const [report] = await oldCompanyPass(sameCompanyAtNewAddress);
    // Before the fix: set aside to rejected/ as if for another company, its numbers not queued.
    expect(report).toMatchObject({ outcome: 'processed', queued: 1 });
    expect(service.tracking.listQueued(10).map((entry) => entry.trackingNbr)).toEqual(['1ZQUEUEDBEFORE', '1ZOLDCOMPANY']);
    expect(service.activity.listKindSince('tracking.inbox-set-aside', 0)).toEqual([]);
  });

  it('a file read before the move and queued after it: nothing queued for the new company, the file set aside with the reason', async () => {
    const [report] = await oldCompanyPass(moveToNewCompany);
    // Before the fix: the old company's number was queued into the ledger just started over.
    expect(service.importedRecords().owedTracking).toBe(0);
    expect(service.tracking.listQueued(10)).toEqual([]);
    expect(report).toMatchObject({ file: 'old-company.csv', outcome: 'rejected', queued: 0, movedTo: `rejected/${STAMP}_old-company.csv` });

    expect(list('')).toEqual(['.dropstream-clock', 'rejected']);
    expect(list('rejected')).toEqual([`${STAMP}_old-company.csv`, `${STAMP}_old-company.csv.result.json`]);
    expect(readFileSync(join(inbox, 'rejected', `${STAMP}_old-company.csv`), 'utf8')).toBe(FILE);
    const result = JSON.parse(readFileSync(join(inbox, 'rejected', `${STAMP}_old-company.csv.result.json`), 'utf8')) as { reason: string; queued: number };
    expect(result.queued).toBe(0);
    expect(result.reason).toBe(
      'Nothing queued: a sync of https://erp.example.com/AcumaticaSandbox (tenant Company) was reading it when Setup moved the connector to ' +
        "https://erp.example.com/AcumaticaERP (tenant Production), another Acumatica company, so its numbers are for the old company's shipments and orders. " +
        'If it is for the new company, put it back in the inbox.',
    );
    const [entry] = service.activity.listKindSince('tracking.inbox-set-aside', 0);
    expect(entry).toMatchObject({ level: 'warn', details: { file: 'old-company.csv', movedTo: `rejected/${STAMP}_old-company.csv` } });
    expect(entry?.message).toMatch(/^Tracking file old-company\.csv was set aside to rejected\/\. Nothing queued: /);
  });

  it('a file set aside that cannot be moved stays in the inbox, nothing queued, and the operator is told to move it', async () => {
    // A folder the move cannot replace stands where the file would go (on Windows: the writer still has it open).
    mkdirSync(join(inbox, 'rejected', `${STAMP}_old-company.csv`, 'x'), { recursive: true });
    const [report] = await oldCompanyPass(moveToNewCompany);
    expect(service.tracking.listQueued(10)).toEqual([]);
    expect(report).toMatchObject({ outcome: 'skipped', queued: 0, reason: expect.stringContaining('could not be moved') });
    expect(list('')).toContain('old-company.csv');
    expect(list('rejected')).toEqual([`${STAMP}_old-company.csv`]);
    const [entry] = service.activity.listKindSince('tracking.inbox-set-aside-failed', 0);
    expect(entry).toMatchObject({ level: 'error', details: { file: 'old-company.csv' } });
    expect(entry?.message).toMatch(/old-company\.csv .*could not be moved to rejected\/.*move it out of the inbox/);
  });
});
