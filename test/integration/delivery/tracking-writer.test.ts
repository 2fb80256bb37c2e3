// Tracking writeback against the simulator: packages written and checked there, never the same
// number twice (even across a crash), ConfirmShipment polled to its end, shipments created for
// orders behind the setting, and the 403 path.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TrackingWriter, type TrackingLedger, type TrackingWriteSettings } from '../../../main/delivery/tracking-writer.ts';
import { openLedger, type Ledger, type TrackingInput } from '../../../main/store/index.ts';
import type { OrderRecord, ShipmentRecord } from '../../acumatica-sim/index.ts';
import { startHarness, type Harness } from '../acumatica/support.ts';

let h: Harness;
let ledger: Ledger;
let order: OrderRecord;
let shipment: ShipmentRecord;
const writer = new TrackingWriter();
const OFF: TrackingWriteSettings = { confirmShipments: false, createShipmentsForOrders: false };

beforeAll(async () => {
  h = await startHarness({ orders: 20, maxApiSessions: 50 });
});
afterAll(() => h.close());
beforeEach(() => {
  h.sim.faults.clear();
  h.sim.admin.setRights(h.sim.credentials.username, { Shipment: 'write', SalesOrder: 'read' });
  ledger = openLedger({ path: ':memory:', now: h.clock.now });
  order = h.sim.admin.createOrder({ lines: 2 });
  shipment = h.sim.admin.createShipment({ orders: [{ orderType: order.orderType, orderNbr: order.orderNbr }], packages: 2 });
});

const toShipment = (trackingNbr: string, extra: Partial<TrackingInput> = {}): TrackingInput => ({ target: { kind: 'shipment', shipmentNbr: shipment.shipmentNbr }, trackingNbr, ...extra });
const toOrder = (o: OrderRecord, trackingNbr: string, extra: Partial<TrackingInput> = {}): TrackingInput => ({ target: { kind: 'order', orderType: o.orderType, orderNbr: o.orderNbr }, trackingNbr, ...extra });
const puts = () => h.sim.inspect.count({ method: 'PUT', path: '/Shipment' });
const packages = (nbr = shipment.shipmentNbr) => h.sim.inspect.shipmentPackages(nbr);

describe('tracking writer', () => {
  it('fills packages without a number first, then adds a package, and logs each result on the timeline', async () => {
    ledger.tracking.enqueue(toShipment('1Z0001', { weight: 2.5 }));
    ledger.tracking.enqueue(toShipment('1Z0002'));
    ledger.tracking.enqueue(toShipment('1Z0003', { boxId: 'small', carrier: 'UPS' }));
    const result = await writer.runOnce(h.conn.entities, ledger, OFF);
    expect(result).toMatchObject({ posted: 3, failed: 0, deferred: 0 });
    expect(packages().map((p) => [p.trackingNbr, p.boxId])).toEqual([
      ['1Z0001', shipment.packages[0]!.boxId],
      ['1Z0002', shipment.packages[1]!.boxId],
      ['1Z0003', 'SMALL'],
    ]);
    expect(packages()[0]!.weight).toBe(2.5);
    expect(ledger.tracking.countByStatus()).toEqual({ queued: 0, posted: 3, failed: 0, dismissed: 0 });
    const timeline = ledger.activity.listForSubjects([{ type: 'shipment', shipmentNbr: shipment.shipmentNbr }]);
    expect(timeline.filter((a) => a.kind === 'tracking.posted')).toHaveLength(3);
  });

  it('never posts the same number twice, even after a crash between the PUT and markPosted', async () => {
    ledger.tracking.enqueue(toShipment('1Z0100'));
    expect(ledger.tracking.enqueue(toShipment(' 1Z0100 ')).queued).toBe(false);
    const crashing: TrackingLedger = {
      activity: ledger.activity,
      tracking: {
        listQueued: (limit) => ledger.tracking.listQueued(limit),
        markFailed: (id, error) => ledger.tracking.markFailed(id, error),
        recordAttempt: (id, error) => ledger.tracking.recordAttempt(id, error),
        recordDeferral: (id, error) => ledger.tracking.recordDeferral(id, error),
        markPosted: () => {
          throw new Error('process killed');
        },
      },
    };
    const before = puts();
    await expect(writer.runOnce(h.conn.entities, crashing, OFF)).rejects.toThrow('process killed');
    expect(ledger.tracking.countByStatus().queued).toBe(1);
    // The restarted process reads the shipment's packages first and finds the number there.
    expect(await writer.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ posted: 1 });
    expect(puts() - before).toBe(1);
    expect(packages().filter((p) => p.trackingNbr === '1Z0100')).toHaveLength(1);
    const [entry] = ledger.activity.listForSubjects([{ type: 'shipment', shipmentNbr: shipment.shipmentNbr }]);
    expect(entry?.message).toContain('already on shipment');
  });

  it('confirms the shipment when the setting is on, polling the action to its end', async () => {
    ledger.tracking.enqueue(toShipment('1Z0200', { boxId: 'LARGE' }));
    const result = await writer.runOnce(h.conn.entities, ledger, { ...OFF, confirmShipments: true });
    expect(result).toMatchObject({ posted: 1, confirmed: 1 });
    expect(h.sim.inspect.shipment(shipment.shipmentNbr)?.status).toBe('Confirmed');
    expect(h.sim.inspect.count({ method: 'GET', path: /ConfirmShipment\/status/ })).toBeGreaterThanOrEqual(2);
  });

  it('keeps the number posted when confirming fails, with a warning naming why', async () => {
    ledger.tracking.enqueue(toShipment('1Z0250'));
    h.sim.faults.serverError({ path: /ConfirmShipment$/, message: 'The shipment is on hold and cannot be confirmed.' });
    const result = await writer.runOnce(h.conn.entities, ledger, { ...OFF, confirmShipments: true });
    expect(result).toMatchObject({ posted: 1, confirmed: 0 });
    const warn = ledger.activity.listForSubjects([{ type: 'shipment', shipmentNbr: shipment.shipmentNbr }]).find((a) => a.kind === 'tracking.confirm-failed');
    expect(warn?.level).toBe('warn');
  });

  it('a confirmation that fails for now (an IIS error page) is tried again next run, the number written once', async () => {
    ledger.tracking.enqueue(toShipment('1Z0260'));
    h.sim.faults.htmlError({ method: 'POST', path: /ConfirmShipment$/ });
    expect(await writer.runOnce(h.conn.entities, ledger, { ...OFF, confirmShipments: true })).toMatchObject({ posted: 0, confirmed: 0, deferred: 1 });
    expect(h.sim.inspect.shipment(shipment.shipmentNbr)?.status).toBe('Open');
    expect(await writer.runOnce(h.conn.entities, ledger, { ...OFF, confirmShipments: true })).toMatchObject({ posted: 1, confirmed: 1 });
    expect(h.sim.inspect.shipment(shipment.shipmentNbr)?.status).toBe('Confirmed');
    expect(packages().filter((p) => p.trackingNbr === '1Z0260')).toHaveLength(1);
    expect(ledger.tracking.countByStatus()).toMatchObject({ queued: 0, posted: 1 });
  });

  it('writes an order\'s number to its shipment, found in Acumatica', async () => {
    ledger.tracking.enqueue(toOrder(order, '1Z0300'));
    expect(await writer.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ posted: 1 });
    expect(packages()[0]!.trackingNbr).toBe('1Z0300');
    const timeline = ledger.activity.listForSubjects([{ type: 'order', orderType: order.orderType, orderNbr: order.orderNbr }]);
    expect(timeline[0]?.kind).toBe('tracking.posted');
  });

  it('an order without a shipment fails with the reason unless creating shipments is on; created once, even across a crash', async () => {
    const bare = h.sim.admin.createOrder({ lines: 1 });
    const shipmentsOf = () => h.sim.inspect.shipments().filter((s) => s.orders.some((o) => o.orderNbr === bare.orderNbr));
    const id = ledger.tracking.enqueue(toOrder(bare, '1Z0400', { boxId: 'MEDIUM' })).id;
    expect(await writer.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ failed: 1 });
    // The way out names the setting: neither the app nor the CLI has another switch for it.
    expect(ledger.tracking.listByStatus('failed', 1)[0]?.error).toMatch(/has no shipment in Acumatica yet.*the createShipmentsForOrders setting/);

    ledger.tracking.requeue(id);
    const crashing: TrackingLedger = { activity: ledger.activity, tracking: { ...pick(ledger), markPosted: () => { throw new Error('process killed'); } } };
    const on = { ...OFF, createShipmentsForOrders: true };
    await expect(writer.runOnce(h.conn.entities, crashing, on)).rejects.toThrow('process killed');
    expect(await writer.runOnce(h.conn.entities, ledger, on)).toMatchObject({ posted: 1 });
    expect(shipmentsOf()).toHaveLength(1);
    expect(packages(shipmentsOf()[0]!.shipmentNbr).map((p) => [p.trackingNbr, p.boxId])).toEqual([['1Z0400', 'MEDIUM']]);
  });

  it('a 403 on the Shipment write says the user lacks Shipments write (SO302000) and how to grant it', async () => {
    h.sim.admin.setRights(h.sim.credentials.username, { Shipment: 'read' });
    ledger.tracking.enqueue(toShipment('1Z0500'));
    expect(await writer.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ failed: 1, posted: 0 });
    const error = ledger.tracking.listByStatus('failed', 1)[0]?.error ?? '';
    expect(error).toContain('lacks Shipments write (SO302000)');
    expect(error).toContain('User Roles (SM201005)');
    const [entry] = ledger.activity.listForSubjects([{ type: 'shipment', shipmentNbr: shipment.shipmentNbr }]);
    expect(entry).toMatchObject({ level: 'error', kind: 'tracking.failed' });
    expect(packages().some((p) => p.trackingNbr === '1Z0500')).toBe(false);
  });

  it('leaves rows queued when Acumatica is failing, and fails rows that cannot succeed', async () => {
    ledger.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr: 'NOSUCH1' }, trackingNbr: '1Z0600' });
    ledger.tracking.enqueue(toShipment('1Z0601'));
    ledger.tracking.enqueue(toShipment('1Z0602'));
    ledger.tracking.enqueue(toShipment('1Z0603')); // both packages are taken by then, and no BoxID
    // An IIS error page (an app-pool restart) passes; Acumatica's own JSON 500 would repeat.
    h.sim.faults.htmlError({ method: 'PUT', path: '/Shipment', times: 10 });
    expect(await writer.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ failed: 1, deferred: 3 });
    expect(ledger.tracking.listByStatus('failed', 5)[0]?.error).toContain('Shipment NOSUCH1 does not exist in Acumatica');
    h.sim.faults.clear();
    expect(await writer.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ posted: 2, failed: 1 });
    expect(ledger.tracking.listByStatus('failed', 5).map((e) => e.error)).toContainEqual(expect.stringContaining('requires its Box ID: give BoxID in the row, or set the defaultBoxId setting.'));
  });
});

describe('tracking writer and Acumatica 500s', () => {
  it('keeps a number queued through a passing 500 and posts it next cycle; fails it for the operator only after three', async () => {
    ledger.tracking.enqueue(toShipment('1Z0500'));
    h.sim.faults.serverError({ method: 'PUT', path: '/Shipment', times: 1 });
    expect(await writer.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ posted: 0, failed: 0, deferred: 1 });
    expect(ledger.tracking.countByStatus()).toMatchObject({ queued: 1, failed: 0 });
    expect(await writer.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ posted: 1, failed: 0 });
    expect(packages().filter((p) => p.trackingNbr === '1Z0500')).toHaveLength(1);

    ledger.tracking.enqueue(toShipment('1Z0501'));
    h.sim.faults.serverError({ method: 'PUT', path: '/Shipment', times: Infinity });
    for (let cycle = 1; cycle <= 2; cycle++) expect(await writer.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ deferred: 1, failed: 0 });
    expect(await writer.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ failed: 1 });
    const [failed] = ledger.tracking.listByStatus('failed', 5);
    expect(failed?.trackingNbr).toBe('1Z0501');
    // The operator's retry gives it a fresh count of tries.
    ledger.tracking.requeue(failed!.id);
    h.sim.faults.clear();
    expect(await writer.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ posted: 1 });
  });
});

describe('tracking writer when the connection itself fails', () => {
  let own: Harness;
  beforeAll(async () => {
    own = await startHarness({ orders: 5, maxApiSessions: 50 });
  });
  afterAll(() => own.close());

  it('a secret that expires mid-run fails the run with the reason and leaves every number queued; after rotation they are posted', async () => {
    const l = openLedger({ path: ':memory:', now: own.clock.now });
    const o = own.sim.admin.createOrder({ lines: 1 });
    const s = own.sim.admin.createShipment({ orders: [{ orderType: o.orderType, orderNbr: o.orderNbr }], packages: 1 });
    for (const nbr of ['1Z0700', '1Z0701', '1Z0702']) l.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr: s.shipmentNbr }, trackingNbr: nbr, boxId: 'SMALL' });
    await own.conn.entities.getShipment(s.shipmentNbr); // signed in; the import of this cycle went fine
    // The access token runs out just as the tracking pass starts, and the shared secret has expired.
    own.sim.admin.expireSecret(own.sim.credentials.clientSecret);
    own.sim.admin.expireAccessTokens();
    await expect(writer.runOnce(own.conn.entities, l, OFF)).rejects.toMatchObject({ kind: 'secret-rejected' });
    expect(l.tracking.countByStatus()).toEqual({ queued: 3, posted: 0, failed: 0, dismissed: 0 });

    // The operator rotates the secret; nothing else.
    own.creds.clientSecret = own.sim.admin.addSecret().value;
    own.conn.tokens.resume();
    expect(await writer.runOnce(own.conn.entities, l, OFF)).toMatchObject({ posted: 3, failed: 0 });
    expect(own.sim.inspect.shipmentPackages(s.shipmentNbr).map((p) => p.trackingNbr)).toEqual(['1Z0700', '1Z0701', '1Z0702']);
  });
});

function pick(l: Ledger): TrackingLedger['tracking'] {
  return {
    listQueued: (limit) => l.tracking.listQueued(limit),
    markFailed: (id, error) => l.tracking.markFailed(id, error),
    markPosted: (id) => l.tracking.markPosted(id),
    recordAttempt: (id, error) => l.tracking.recordAttempt(id, error),
    recordDeferral: (id, error) => l.tracking.recordDeferral(id, error),
  };
}

describe('tracking writer and a number that keeps failing for now', () => {
  it('a number whose shipment keeps answering an IIS error page does not hold back the numbers queued after it, and says why it waits', async () => {
    const other = h.sim.admin.createShipment({ orders: [{ orderType: order.orderType, orderNbr: order.orderNbr }], packages: 1 });
    ledger.tracking.enqueue(toShipment('1Z0800'));
    ledger.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr: other.shipmentNbr }, trackingNbr: '1Z0801' });
    // Only the first number's shipment fails (a proxy or a customisation choking on that record).
    h.sim.faults.htmlError({ method: 'GET', path: (path) => path.includes(`/Shipment/${shipment.shipmentNbr}`), times: Infinity, status: 502 });
    expect(await writer.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ posted: 0, deferred: 2 });
    const waiting = ledger.tracking.listByStatus('queued', 5).find((e) => e.trackingNbr === '1Z0800');
    expect(waiting?.error).toMatch(/HTTP 502/);
    expect(await writer.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ posted: 1 });
    expect(packages(other.shipmentNbr).map((p) => p.trackingNbr)).toEqual(['1Z0801']);
    expect(ledger.tracking.countByStatus()).toEqual({ queued: 1, posted: 1, failed: 0, dismissed: 0 });
    h.sim.faults.clear();
    expect(await writer.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ posted: 1 });
  });
});

describe('tracking writer and a row Acumatica refused', () => {
  it('a number refused for its Box ID is posted once it is queued again with a Box ID Acumatica knows', async () => {
    const full = h.sim.admin.createShipment({ orders: [{ orderType: order.orderType, orderNbr: order.orderNbr }], packages: 0 });
    const target = { kind: 'shipment', shipmentNbr: full.shipmentNbr } as const;
    ledger.tracking.enqueue({ target, trackingNbr: '1Z0900', boxId: 'CRATE' });
    expect(await writer.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ failed: 1 });
    expect(ledger.tracking.listByStatus('failed', 1)[0]?.error).toMatch(/Box ID.*CRATE/);
    // The carrier file, corrected and dropped again (or `tracking add ... --box SMALL`).
    expect(ledger.tracking.enqueue({ target, trackingNbr: '1Z0900', boxId: 'SMALL' }).queued).toBe(true);
    expect(await writer.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ posted: 1 });
    expect(packages(full.shipmentNbr).map((p) => [p.trackingNbr, p.boxId])).toEqual([['1Z0900', 'SMALL']]);
  });
});

describe('tracking writer and a number that waits for a passing failure', () => {
  it('keeps the numbers of one shipment in the order they were queued, so each still lands on its package', async () => {
    const fresh = new TrackingWriter();
    // A carrier file lists one number per package, in package order, without Box IDs.
    ledger.tracking.enqueue(toShipment('1Z0900'));
    ledger.tracking.enqueue(toShipment('1Z0901'));
    // A proxy error page while the first number is in hand, for all of the client's own tries.
    h.sim.faults.htmlError({ method: 'GET', path: (path) => path.includes(`/Shipment/${shipment.shipmentNbr}`), times: 4, status: 502 });
    expect(await fresh.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ posted: 0, deferred: 2 });
    expect(await fresh.runOnce(h.conn.entities, ledger, OFF)).toMatchObject({ posted: 2 });
    // The shipment's packages in their order: the first number on the first package, as before the outage.
    expect(packages().map((p) => p.trackingNbr)).toEqual(['1Z0900', '1Z0901']);
  });
});
