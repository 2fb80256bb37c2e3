// Setup pointed at another Acumatica company (another instance here: a second simulator) while the
// ledger holds the first one's orders: it asks which it is; "another company" starts the ledger
// over after a copy, and a cycle still reading the old company cannot store into the new ledger.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst, reopenEngine, simSetupInput } from '../../support/engine-harness.ts';
import { saveSetup } from '../../../main/engine/setup-actions.ts';
import type { ConnectorStatus } from '../../../preload/api.ts';

let first: Simulator;
let second: Simulator;
beforeAll(async () => {
  [first, second] = await Promise.all([startSimulator({ orders: 40, seed: 1, maxApiSessions: 50 }), startSimulator({ orders: 30, seed: 2, tenant: 'Production', maxApiSessions: 50 })]);
});
afterAll(async () => {
  await Promise.all([first.stop(), second.stop()]);
});

/** What a connector set up afresh against `sim` imports: the order numbers a moved ledger must hold. */
async function freshImport(sim: Simulator): Promise<string[]> {
  const fresh = await engineAgainst(sim);
  try {
    await fresh.connector.syncOnce();
    return orderNumbers(fresh.connector.ledger);
  } finally {
    await fresh.dispose();
  }
}

function orderNumbers(ledger: { orders: { listOrders(options: { limit: number }): { orders: { orderNbr: string }[] } } }): string[] {
  return ledger.orders.listOrders({ limit: 1000 }).orders.map((order) => order.orderNbr).sort();
}

describe('Setup moving to another Acumatica company', () => {
  it('asks first and changes nothing; "another company" copies the ledger, clears what came from the old one and imports the new one', async () => {
    const engine = await engineAgainst(first);
    try {
      await engine.connector.syncOnce();
      const ledger = engine.connector.ledger;
      const expected = await freshImport(second);
      const [shipment] = first.inspect.shipments();
      ledger.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr: shipment!.shipmentNbr }, trackingNbr: '1ZOLDCOMPANY' });
      // The same order number in both companies, the old company's copy edited later: before, the
      // new company's order was skipped as "not newer" and fulfillment kept the other company's.
      const shared = second.inspect.order('SO', expected[0]!)!;
      first.admin.modifyOrder('SO', shared.orderNbr, { status: 'Open', description: 'edited in the old company' });
      first.clock.advance(1_000);
      await engine.connector.syncOnce();
      expect(ledger.orders.getOrder({ orderType: 'SO', orderNbr: shared.orderNbr })?.order.description).toBe('edited in the old company');
      const before = ledger.orders.countAll();
      const sharedKey = { type: 'order' as const, orderType: 'SO', orderNbr: shared.orderNbr };
      ledger.activity.record({ level: 'info', kind: 'test.timeline', message: 'An entry on the old company order timeline.', subject: sharedKey });

      await expect(saveSetup(engine.connector, simSetupInput(second), true)).rejects.toMatchObject({
        code: 'refused',
        field: 'companyChoice',
        message: expect.stringMatching(new RegExp(`^Not saved: this connector holds ${before} orders and \\d+ shipments from ${first.baseUrl.replace(/\/$/, '')} \\(tenant Company\\), and ${second.baseUrl.replace(/\/$/, '')} \\(tenant Production\\) may be another Acumatica company`)),
      });
      expect(engine.connector.settings.get('instanceUrl')).toBe(first.baseUrl);
      expect(ledger.orders.countAll()).toBe(before);

      await saveSetup(engine.connector, simSetupInput(second, { companyChoice: 'new-company' }), true);
      const [entry] = ledger.activity.listKindSince('setup.company-changed', 0);
      expect(entry).toMatchObject({ level: 'warn', details: { orders: before, owedTracking: 1 } });
      const copy = (entry!.details as { copy: string }).copy;
      expect(existsSync(copy)).toBe(true);
      const kept = new DatabaseSync(copy, { readOnly: true });
      expect(kept.prepare('SELECT count(*) AS n FROM orders').get()?.['n']).toBe(before);
      expect(kept.prepare("SELECT count(*) AS n FROM tracking_queue WHERE tracking_nbr = '1ZOLDCOMPANY'").get()?.['n']).toBe(1);
      kept.close();
      expect(ledger.importedRecords()).toEqual({ orders: 0, shipments: 0, owedDeliveries: 0, owedTracking: 0, cursors: 0 });
      // The history stays, detached from the old company's records.
      expect(ledger.activity.listForSubjects([sharedKey])).toEqual([]);
      expect(ledger.activity.listKindSince('test.timeline', 0)).toHaveLength(1);

      const report = await engine.connector.syncOnce();
      expect(report.tracking).toEqual({ posted: 0, failed: 0 });
      expect(second.inspect.shipmentPackages(shipment!.shipmentNbr).some((pkg) => pkg.trackingNbr === '1ZOLDCOMPANY')).toBe(false);
      expect(orderNumbers(ledger)).toEqual(expected);
      expect(ledger.orders.getOrder({ orderType: 'SO', orderNbr: shared.orderNbr })?.order).toMatchObject({ customerId: shared.customerId, description: shared.description });
    } finally {
      await engine.dispose();
    }
  });

  it('"same company" keeps the ledger and its sync positions; so does a new client or user at the same instance and tenant', async () => {
    const engine = await engineAgainst(first);
    try {
      await engine.connector.syncOnce();
      const held = engine.connector.ledger.importedRecords();
      await saveSetup(engine.connector, simSetupInput(first, { username: 'another-user' }), true);
      await saveSetup(engine.connector, simSetupInput(second, { companyChoice: 'same-company' }), true);
      expect(engine.connector.ledger.importedRecords()).toEqual(held);
      expect(engine.connector.ledger.activity.listKindSince('setup.company-changed', 0)).toEqual([]);
      expect(engine.connector.status().recordsStartedOverAt).toBeNull();
    } finally {
      await engine.dispose();
    }
  });

  it('a tracking file still waiting in the inbox is set aside, not posted to the new company\'s shipment of the same number', async () => {
    const engine = await engineAgainst(first);
    const inbox = mkdtempSync(join(tmpdir(), 'ds-inbox-'));
    let reopened: string | null = null;
    try {
      engine.connector.applySettings({ trackingInboxDir: inbox });
      await engine.connector.syncOnce();
      // Written for the old company's shipment after the last cycle read the inbox (or while the
      // old instance could not be reached, when no cycle reads it): the new one has that number too.
      const shipmentNbr = first.inspect.shipments().find((shipment) => second.inspect.shipment(shipment.shipmentNbr) !== undefined)!.shipmentNbr;
      second.admin.setShipmentStatus(shipmentNbr, 'Open');
      reopened = shipmentNbr;
      const file = join(inbox, 'tracking-old-company.csv');
      writeFileSync(file, `ShipmentNbr,TrackingNbr,BoxID\n${shipmentNbr},1ZWAITINGOLD,MEDIUM\n`);
      const settled = new Date(Date.now() - 60_000);
      utimesSync(file, settled, settled);

      await saveSetup(engine.connector, simSetupInput(second, { companyChoice: 'new-company' }), true);
      await engine.connector.syncOnce();
      expect(second.inspect.shipmentPackages(shipmentNbr).map((pkg) => pkg.trackingNbr)).not.toContain('1ZWAITINGOLD');
      expect(engine.connector.ledger.tracking.countByStatus()).toMatchObject({ queued: 0, posted: 0, failed: 0 });

      // Kept where the operator looks for a file that was not used, with the reason beside it.
      const [setAside] = readdirSync(join(inbox, 'rejected')).filter((name) => name.endsWith('_tracking-old-company.csv'));
      expect(setAside).toBeDefined();
      expect(readFileSync(join(inbox, 'rejected', setAside!), 'utf8')).toContain('1ZWAITINGOLD');
      const report = JSON.parse(readFileSync(join(inbox, 'rejected', `${setAside!}.result.json`), 'utf8')) as { reason: string };
      expect(report.reason).toMatch(/another Acumatica company/);
      const [entry] = engine.connector.ledger.activity.listKindSince('tracking.inbox-set-aside', 0);
      expect(entry?.message).toMatch(/tracking-old-company\.csv/);
    } finally {
      if (reopened !== null) second.admin.setShipmentStatus(reopened, 'Completed');
      rmSync(inbox, { recursive: true, force: true });
      await engine.dispose();
    }
  });

  it('stops before anything changed when a waiting tracking file cannot be set aside', async () => {
    const engine = await engineAgainst(first);
    const inbox = mkdtempSync(join(tmpdir(), 'ds-inbox-'));
    try {
      engine.connector.applySettings({ trackingInboxDir: inbox });
      await engine.connector.syncOnce();
      const held = engine.connector.ledger.importedRecords();
      writeFileSync(join(inbox, 'tracking.csv'), 'ShipmentNbr,TrackingNbr\n000001,1ZWAITINGOLD\n');
      // Something in the way of rejected/ (the inbox refuses to write through a link or a file there).
      writeFileSync(join(inbox, 'rejected'), '');
      await expect(saveSetup(engine.connector, simSetupInput(second, { companyChoice: 'new-company' }), true)).rejects.toMatchObject({
        code: 'failed',
        message: expect.stringMatching(/^Not saved: the tracking files waiting in the inbox .*could not be set aside \(.*rejected is not a folder of its own/),
      });
      expect(engine.connector.settings.get('instanceUrl')).toBe(first.baseUrl);
      expect(engine.connector.ledger.importedRecords()).toEqual(held);
      expect(readdirSync(inbox)).toContain('tracking.csv');
    } finally {
      rmSync(inbox, { recursive: true, force: true });
      await engine.dispose();
    }
  });

  it('a cycle of this process still reading the old company when Setup moves stores none of it', async () => {
    const expected = await freshImport(second);
    const engine = await engineAgainst(first);
    try {
      // The orders list (one page) is on the wire when Setup is saved: its answer comes after. The
      // old session's sign-out does not get through (else the list would answer 401 and be retried).
      first.faults.latency(600, { path: '/SalesOrder', times: 1 });
      first.faults.inject({ kind: 'drop', when: 'before' }, { path: '/entity/auth/logout', times: Infinity });
      const inFlight = engine.connector.syncOnce();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await saveSetup(engine.connector, simSetupInput(second, { companyChoice: 'new-company' }), true);
      // Setup dropped this process's grant for the old company: the cycle fails (with that reason, or
      // the guard's) and stores nothing.
      await expect(inFlight).rejects.toThrow(/another Acumatica company|Setup changed the Acumatica sign-in/);
      expect(engine.connector.ledger.importedRecords()).toEqual({ orders: 0, shipments: 0, owedDeliveries: 0, owedTracking: 0, cursors: 0 });
      await engine.connector.syncOnce();
      expect(orderNumbers(engine.connector.ledger)).toEqual(expected);
    } finally {
      first.faults.clear();
      await engine.dispose();
    }
  });

  it('a service still reading the old company when `connector setup` beside it moves stores none of it', async () => {
    const expected = await freshImport(second);
    const service = await engineAgainst(first);
    try {
      // The orders list (one page) is on the wire when setup is saved: its answer comes after. The
      // old session's sign-out does not get through (else the list would answer 401 and be retried).
      first.faults.latency(600, { path: '/SalesOrder', times: 1 });
      first.faults.inject({ kind: 'drop', when: 'before' }, { path: '/entity/auth/logout', times: Infinity });
      const inFlight = service.connector.syncOnce();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(service.connector.ledger.orders.countAll()).toBe(0);
      const cli = await reopenEngine(second, service.dataDir);
      await saveSetup(cli.connector, simSetupInput(second, { companyChoice: 'new-company' }), true);
      await cli.close();
      await expect(inFlight).rejects.toThrow(/Setup moved the connector to another Acumatica company while this sync read .*; what it read was not stored/);
      expect(service.connector.ledger.importedRecords()).toEqual({ orders: 0, shipments: 0, owedDeliveries: 0, owedTracking: 0, cursors: 0 });

      await service.connector.syncOnce();
      expect(orderNumbers(service.connector.ledger)).toEqual(expected);
    } finally {
      first.faults.clear();
      await service.dispose();
    }
  });
  /**
   * An order of `first` edited, the service's cycle started with its orders page on the wire, and
   * `connector setup --same-company` saved beside it, moving it to `second`: the cycle and the order.
   */
  async function sameCompanyMoveDuringCycle(service: Awaited<ReturnType<typeof engineAgainst>>): Promise<{ inFlight: Promise<unknown>; held: { orderType: string; orderNbr: string }; ordersListedBefore: number }> {
    await service.connector.syncOnce();
    const [held] = service.connector.ledger.orders.listOrders({ limit: 1 }).orders;
    first.admin.modifyOrder(held!.orderType, held!.orderNbr, { description: `edited before the move ${Date.now()}` });
    first.clock.advance(1_000);
    first.faults.latency(600, { path: '/SalesOrder', times: 1 });
    const ordersListedBefore = first.inspect.count({ method: 'GET', path: '/SalesOrder' });
    const inFlight = service.connector.syncOnce();
    // Handled by the caller; caught here so it is never reported unhandled while Setup is saved.
    inFlight.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const cli = await reopenEngine(second, service.dataDir);
    await saveSetup(cli.connector, simSetupInput(second, { companyChoice: 'same-company' }), true);
    await cli.close();
    return { inFlight, held: held!, ordersListedBefore };
  }

  it('a service reading the company when `connector setup --same-company` beside it saves a new address stores what it read', async () => {
    const service = await engineAgainst(first);
    try {
      // The old session's sign-out does not get through: the cycle's grant still answers.
      first.faults.inject({ kind: 'drop', when: 'before' }, { path: '/entity/auth/logout', times: Infinity });
      const { inFlight, held } = await sameCompanyMoveDuringCycle(service);
      // The operator said it is the same company: its edit is news, not another company's order.
      // Before, the page was refused as "another Acumatica company" and the sync failed.
      const report = (await inFlight) as { orders: { updated: number } };
      expect(report.orders.updated).toBe(1);
      const edited = first.inspect.order(held.orderType, held.orderNbr)!.description;
      expect(service.connector.ledger.orders.getOrder(held)?.order.description).toBe(edited);
    } finally {
      first.faults.clear();
      await service.dispose();
    }
  });

  it('a service whose session `connector setup` signed out mid-cycle says the next sync uses the new sign-in, not "enter them again"', async () => {
    const service = await engineAgainst(first);
    try {
      const { inFlight, ordersListedBefore } = await sameCompanyMoveDuringCycle(service);
      // Before: "The stored secrets were entered for another Acumatica sign-in ... Enter them again in Setup."
      await expect(inFlight).rejects.toThrow(/^Setup changed the Acumatica sign-in \(instance, client or user\) while this sync ran, so nothing more was sent with the old one\. The next sync signs in with the new settings\.$/);
      // The list answered 401 with the signed-out token, and is not sent again on that connection.
      expect(first.inspect.count({ method: 'GET', path: '/SalesOrder' }) - ordersListedBefore).toBe(1);
      await expect(service.connector.syncOnce()).resolves.toMatchObject({ tokenGrants: { password: 1 } });
      expect(second.inspect.grants().length).toBeGreaterThan(0);
    } finally {
      first.faults.clear();
      await service.dispose();
    }
  });

  it('a service whose records `connector setup --new-company` started over says so in its next status events', async () => {
    const service = await engineAgainst(first);
    try {
      await service.connector.syncOnce();
      expect(service.connector.ledger.orders.countAll()).toBeGreaterThan(0);
      expect(service.connector.status().recordsStartedOverAt).toBeNull();
      const before = Date.now();
      const cli = await reopenEngine(second, service.dataDir);
      await saveSetup(cli.connector, simSetupInput(second, { companyChoice: 'new-company' }), true);
      await cli.close();

      // Its window (dashboard or app) hears of it in the status events of the next cycle, and loads
      // its order and activity logs afresh (renderer/src/App.tsx).
      const heard: unknown[] = [];
      const unsubscribe = service.connector.subscribe((event, payload) => event === 'status' && heard.push((payload as ConnectorStatus).recordsStartedOverAt));
      await service.connector.syncOnce();
      unsubscribe();
      expect(heard.length).toBeGreaterThan(0);
      const at = Date.parse(String(heard[0]));
      expect(at).toBeGreaterThanOrEqual(before);
      expect(at).toBeLessThanOrEqual(Date.now());
      expect(new Set(heard).size).toBe(1);
    } finally {
      await service.dispose();
    }
  });
});
