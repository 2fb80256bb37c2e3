import { statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../../main/store/ledger.ts';
import { openLedger } from '../../../main/store/ledger.ts';
import { DAY_MS, fakeClock, makeOrder, makeShipment, makeStockItem, tempLedger } from './fixtures.ts';

let ledger: Ledger;
let path: string;
let clock: ReturnType<typeof fakeClock>;
let cleanup: () => void;

beforeEach(() => {
  clock = fakeClock();
  ({ ledger, path, cleanup } = tempLedger(clock.now));
});
afterEach(() => cleanup());

const key = (orderNbr: string) => ({ orderType: 'SO', orderNbr });

describe('pruneFinished', () => {
  it('deletes only what is finished and old, keeping anything still owed', () => {
    const lastModified = '2026-11-28T10:00:00Z';
    ledger.orders.upsertOrders([
      makeOrder({ orderNbr: 'DONE', status: 'Completed' }),
      makeOrder({ orderNbr: 'CANCELLED', status: 'Cancelled' }),
      makeOrder({ orderNbr: 'OPEN', status: 'Open' }),
      makeOrder({ orderNbr: 'UNDELIVERED', status: 'Completed' }),
      makeOrder({ orderNbr: 'UNPOSTED', status: 'Completed' }),
      makeOrder({ orderNbr: 'REFUSED', status: 'Completed' }),
      makeOrder({ orderNbr: 'DISMISSED', status: 'Completed' }),
    ]);
    ledger.shipments.upsertShipments([makeShipment({ shipmentNbr: 'SH-DONE', status: 'Confirmed' }), makeShipment({ shipmentNbr: 'SH-OPEN' })]);
    const delivered = ledger.outbox.enqueue({ entity: 'order', ...key('DONE'), lastModified }, 'webhook');
    ledger.outbox.markDelivered(delivered.id);
    ledger.outbox.enqueue({ entity: 'order', ...key('UNDELIVERED'), lastModified }, 'webhook');
    const posted = ledger.tracking.enqueue({ target: { kind: 'order', ...key('DONE') }, trackingNbr: 'T-DONE' });
    ledger.tracking.markPosted(posted.id);
    ledger.tracking.enqueue({ target: { kind: 'order', ...key('UNPOSTED') }, trackingNbr: 'T-WAITING' });
    // Failed waits for the operator; dismissed is settled, like posted.
    const refused = ledger.tracking.enqueue({ target: { kind: 'order', ...key('REFUSED') }, trackingNbr: 'T-REFUSED' });
    ledger.tracking.markFailed(refused.id, 'No such shipment');
    const dismissed = ledger.tracking.enqueue({ target: { kind: 'order', ...key('DISMISSED') }, trackingNbr: 'T-DISMISSED' });
    ledger.tracking.markFailed(dismissed.id, 'No such shipment');
    ledger.tracking.dismissFailed(dismissed.id, 'Dismissed.');

    clock.advance(31 * DAY_MS);
    ledger.orders.upsertOrders([makeOrder({ orderNbr: 'RECENT', status: 'Completed' })]);
    ledger.activity.record({ level: 'info', kind: 'test.recent', message: 'recent' });

    const result = ledger.pruneFinished({ olderThanDays: 30 });

    expect(result).toMatchObject({ orders: 3, shipments: 1, outbox: 1, tracking: 2 });
    const remaining = ledger.orders.listOrders({ limit: 10 }).orders.map((o) => o.orderNbr).sort();
    expect(remaining).toEqual(['OPEN', 'RECENT', 'REFUSED', 'UNDELIVERED', 'UNPOSTED']);
    expect(ledger.shipments.getShipment('SH-DONE')).toBeUndefined();
    expect(ledger.shipments.getShipment('SH-OPEN')).toBeDefined();
    expect(ledger.activity.listRecent({ limit: 100 }).every((e) => e.at >= clock.now() - 30 * DAY_MS)).toBe(true);
    expect(ledger.tracking.countByStatus()).toEqual({ queued: 1, posted: 0, failed: 1, dismissed: 0 });
  });

  it('removes the lines of pruned orders through the cascade', () => {
    ledger.orders.upsertOrders([makeOrder({ status: 'Completed' })]);
    clock.advance(2 * DAY_MS);
    ledger.pruneFinished({ olderThanDays: 1 });
    ledger.orders.upsertOrders([makeOrder({ status: 'Completed' })]);
    // Re-importing the same keys works (no orphan lines collide on the primary key).
    expect(ledger.orders.getOrder(key('SO001234'))?.order.lines).toHaveLength(2);
  });

  it('gives the space back: the file shrinks after pruning', () => {
    const bulky = 'x'.repeat(2_000);
    for (let batch = 0; batch < 10; batch += 1) {
      ledger.orders.upsertOrders(
        Array.from({ length: 300 }, (_, i) => makeOrder({ orderNbr: `SO${batch}-${i}`, status: 'Completed', description: bulky })),
      );
    }
    ledger.close();
    const sizeOf = (): number => statSync(path).size + (statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0);
    const before = sizeOf();

    const reopened = openLedger({ path, now: () => clock.now() + 60 * DAY_MS });
    const result = reopened.pruneFinished({ olderThanDays: 30 });
    expect(result.orders).toBe(3_000);
    const after = sizeOf();
    reopened.close();

    expect(before).toBeGreaterThan(5_000_000);
    expect(after).toBeLessThan(before / 5);
    expect(result.fileBytesBefore).toBeGreaterThan(result.fileBytesAfter);
  });

  it('prunes a dropped delivery like a delivered one: it no longer holds its finished order', () => {
    const lastModified = '2026-11-28T10:00:00Z';
    ledger.orders.upsertOrders([makeOrder({ orderNbr: 'DROPPED', status: 'Completed' }), makeOrder({ orderNbr: 'STILL-OWED', status: 'Completed' })]);
    ledger.outbox.enqueue({ entity: 'order', ...key('DROPPED'), lastModified }, 'folder');
    ledger.outbox.enqueue({ entity: 'order', ...key('STILL-OWED'), lastModified }, 'webhook');
    expect(ledger.outbox.dropOwed('folder', 'Dropped unsent: the folder destination was removed from the settings.')).toBe(1);

    clock.advance(31 * DAY_MS);
    expect(ledger.pruneFinished({ olderThanDays: 30 })).toMatchObject({ orders: 1, outbox: 1 });
    expect(ledger.orders.listOrders({ limit: 10 }).orders.map((o) => o.orderNbr)).toEqual(['STILL-OWED']);
    expect(ledger.outbox.countByStatus()).toEqual({ pending: 1, parked: 0, delivered: 0, dropped: 0 });
  });

  it('prunes the stock items no order in the ledger names once they are as old as a finished record', () => {
    const line = (inventoryId: string) => ({ lineNbr: 1, inventoryId, description: null, quantity: 1, uom: null, warehouseId: null, unitPrice: null });
    ledger.stockItems.upsertStockItems(['USED-BY-DONE', 'USED-BY-OPEN', 'NAMED-BY-NONE', 'REFRESHED'].map((inventoryId) => makeStockItem({ inventoryId })));
    ledger.orders.upsertOrders([
      makeOrder({ orderNbr: 'DONE', status: 'Completed', lines: [line('USED-BY-DONE')] }),
      makeOrder({ orderNbr: 'OPEN', status: 'Open', lines: [line('USED-BY-OPEN')] }),
    ]);

    clock.advance(31 * DAY_MS);
    // Changed in the catalogue lately: the stock item pass refreshed it, so it is as new as that.
    ledger.stockItems.upsertStockItems([makeStockItem({ inventoryId: 'REFRESHED', lastModified: '2026-12-29T08:00:00.000+00:00' })]);
    const result = ledger.pruneFinished({ olderThanDays: 30 });

    // The finished order goes first, in the same transaction, so the item only it named goes too.
    expect(result).toMatchObject({ orders: 1, stockItems: 2 });
    const cached = ledger.stockItems.findByInventoryIds(['USED-BY-DONE', 'USED-BY-OPEN', 'NAMED-BY-NONE', 'REFRESHED']);
    expect([...cached.keys()].sort()).toEqual(['REFRESHED', 'USED-BY-OPEN']);
  });

  it('rejects a negative retention period', () => {
    expect(() => ledger.pruneFinished({ olderThanDays: -1 })).toThrow(RangeError);
  });
});

describe('pruneFinished by the clock it may trust', () => {
  const finishedOrder = (orderNbr: string): void => {
    ledger.orders.upsertOrders([makeOrder({ orderNbr, status: 'Completed' })]);
  };
  /** A sync pass read Acumatica's Date header now, this computer's clock `aheadMs` ahead of it. */
  const answered = (aheadMs = 0): void => ledger.serverClock.record({ serverAt: clock.now() - aheadMs, localAt: clock.now() });
  const YEARS = 2 * 365 * DAY_MS;

  it("counts from Acumatica's time when this computer's clock was more than a day ahead of its Date header", () => {
    finishedOrder('DONE');
    clock.advance(YEARS + 10 * DAY_MS); // set two years ahead, ten days after the order finished
    answered(YEARS);

    const result = ledger.pruneFinished({ olderThanDays: 30 });
    expect(result).toMatchObject({ orders: 0, clock: { kind: 'acumatica', now: clock.now() - YEARS, aheadMs: YEARS } });
    expect(ledger.orders.countAll()).toBe(1);

    clock.advance(21 * DAY_MS); // 31 days by Acumatica's clock, the clock still ahead
    answered(YEARS);
    expect(ledger.pruneFinished({ olderThanDays: 30 })).toMatchObject({ orders: 1, clock: { kind: 'acumatica' } });
  });

  it("counts by this computer's clock when it was at most a day ahead, or has never been compared", () => {
    finishedOrder('NEVER-COMPARED');
    clock.advance(31 * DAY_MS);
    expect(ledger.pruneFinished({ olderThanDays: 30 })).toMatchObject({ orders: 1, clock: { kind: 'this-computer', now: clock.now() } });

    finishedOrder('A-DAY-AHEAD');
    clock.advance(31 * DAY_MS);
    answered(DAY_MS);
    expect(ledger.pruneFinished({ olderThanDays: 30 })).toMatchObject({ orders: 1, clock: { kind: 'this-computer', now: clock.now() } });
  });

  it('prunes nothing once Acumatica last answered longer ago than the retention period', () => {
    finishedOrder('DONE');
    answered();
    clock.advance(30 * DAY_MS + 1);

    const result = ledger.pruneFinished({ olderThanDays: 30 });
    expect(result).toMatchObject({ orders: 0, activity: 0, clock: { kind: 'unverified', sinceAnswerMs: 30 * DAY_MS + 1 } });
    expect(result.fileBytesAfter).toBe(result.fileBytesBefore);
    expect(ledger.orders.countAll()).toBe(1);

    // The next answer lets it run again.
    answered();
    expect(ledger.pruneFinished({ olderThanDays: 30 })).toMatchObject({ orders: 1, clock: { kind: 'this-computer' } });
    expect(ledger.activity.listRecent({ limit: 10 })).toEqual([]);
  });
});
