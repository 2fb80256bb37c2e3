// A service's cycle, still for the old Acumatica company, reads a tracking file from the inbox just
// as `connector setup --new-company` beside it commits: the file's numbers were written for the old
// company's shipments and must not be queued into the ledger started over for the new one. The
// moment is made deterministic by a hook on the file's open, which commits Setup's clear and new
// settings in one transaction from a second connection to the ledger, as the CLI process would.
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst } from '../../support/engine-harness.ts';
import { companyChange, startLedgerOver } from '../../../main/engine/company-change.ts';
import { ledgerPath } from '../../../main/engine/data-dir.ts';
import { SettingsService } from '../../../main/engine/settings-service.ts';
import { openLedger } from '../../../main/store/index.ts';

const onOpen = vi.hoisted(() => ({ name: '', run: null as null | (() => void) }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open = (...args: Parameters<typeof actual.open>) => {
    const run = onOpen.run;
    if (run !== null && String(args[0]).endsWith(onOpen.name)) {
      onOpen.run = null;
      run();
    }
    return actual.open(...args);
  };
  return { ...actual, open, default: { ...actual, open } };
});

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ orders: 20, seed: 3 });
});
afterAll(async () => {
  await sim.stop();
});

/** `connector setup --new-company` in another process: the clear and the new settings in one transaction. */
function setupMovesBeside(dataDir: string, afterwards: (cli: ReturnType<typeof openLedger>) => void = () => {}): void {
  const cli = openLedger({ path: ledgerPath(dataDir) });
  try {
    const settings = new SettingsService(cli.settings);
    const current = settings.all();
    const moved = { instanceUrl: 'https://erp.example.com/AcumaticaERP', clientId: `${current.clientId.split('@')[0]!}@Production` };
    const change = companyChange(cli, current, { ...current, ...moved });
    expect(change).not.toBeNull();
    cli.transaction(() => {
      startLedgerOver(cli, change!, null, Date.now());
      settings.update(moved);
    });
    afterwards(cli);
  } finally {
    cli.close();
  }
}

describe('the tracking inbox of a cycle still reading the old company', () => {
  it('sets aside a file it was reading when `connector setup` moved to another company: nothing queued, nothing posted', async () => {
    const service = await engineAgainst(sim);
    const inbox = mkdtempSync(join(tmpdir(), 'ds-inbox-'));
    try {
      service.connector.applySettings({ trackingInboxDir: inbox });
      await service.connector.syncOnce();
      const [shipment] = sim.inspect.shipments();
      const file = join(inbox, 'old-company.csv');
      writeFileSync(file, `ShipmentNbr,TrackingNbr\n${shipment!.shipmentNbr},1ZREADBEFOREMOVE\n`);
      const settled = new Date(Date.now() - 60_000);
      utimesSync(file, settled, settled);

      onOpen.name = 'old-company.csv';
      onOpen.run = () => setupMovesBeside(service.dataDir);
      await service.connector.syncOnce();
      expect(onOpen.run).toBeNull();

      // Before the fix: queued after the clear, and posted by this same cycle.
      expect(service.connector.ledger.tracking.countByStatus()).toEqual({ queued: 0, posted: 0, failed: 0, dismissed: 0 });
      expect(sim.inspect.shipmentPackages(shipment!.shipmentNbr).map((pkg) => pkg.trackingNbr)).not.toContain('1ZREADBEFOREMOVE');
      const [setAside] = readdirSync(join(inbox, 'rejected')).filter((name) => name.endsWith('_old-company.csv'));
      expect(readFileSync(join(inbox, 'rejected', setAside!), 'utf8')).toContain('1ZREADBEFOREMOVE');
      const report = JSON.parse(readFileSync(join(inbox, 'rejected', `${setAside!}.result.json`), 'utf8')) as { reason: string };
      expect(report.reason).toMatch(/^Nothing queued: a sync of .* was reading it when Setup moved the connector to https:\/\/erp\.example\.com\/AcumaticaERP \(tenant Production\), another Acumatica company/);
      const [entry] = service.connector.ledger.activity.listKindSince('tracking.inbox-set-aside', 0);
      expect(entry?.message).toMatch(/^Tracking file old-company\.csv was set aside to rejected\//);
    } finally {
      onOpen.run = null;
      rmSync(inbox, { recursive: true, force: true });
      await service.dispose();
    }
  });
  it('posts no queued number through its old connection once Setup has moved: one queued after the move is for the new company', async () => {
    const service = await engineAgainst(sim);
    const inbox = mkdtempSync(join(tmpdir(), 'ds-inbox-'));
    try {
      service.connector.applySettings({ trackingInboxDir: inbox });
      await service.connector.syncOnce();
      const shipment = sim.inspect.shipments().find((candidate) => candidate.status === 'Open');
      const file = join(inbox, 'old-company.csv');
      writeFileSync(file, `ShipmentNbr,TrackingNbr\n${shipment!.shipmentNbr},1ZREADBEFOREMOVE\n`);
      const settled = new Date(Date.now() - 60_000);
      utimesSync(file, settled, settled);

      // The move commits while the cycle reads the inbox, and an operator then queues a number for
      // the new company's shipment of the same number (the tracking form, or `tracking add`).
      onOpen.name = 'old-company.csv';
      onOpen.run = () =>
        setupMovesBeside(service.dataDir, (cli) => cli.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr: shipment!.shipmentNbr }, trackingNbr: '1ZFORNEWCOMPANY' }));
      const report = await service.connector.syncOnce();
      expect(onOpen.run).toBeNull();

      // Before the fix: this cycle posted it to the old company's shipment.
      expect(sim.inspect.shipmentPackages(shipment!.shipmentNbr).map((pkg) => pkg.trackingNbr)).not.toContain('1ZFORNEWCOMPANY');
      expect(report.tracking).toMatchObject({ posted: 0, failed: 0 });
      expect(service.connector.ledger.tracking.countByStatus()).toEqual({ queued: 1, posted: 0, failed: 0, dismissed: 0 });
    } finally {
      onOpen.run = null;
      rmSync(inbox, { recursive: true, force: true });
      await service.dispose();
    }
  });
});
