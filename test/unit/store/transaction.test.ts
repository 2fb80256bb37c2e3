import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../../main/store/ledger.ts';
import { openLedger } from '../../../main/store/ledger.ts';
import { fakeClock, makeOrder, tempLedger } from './fixtures.ts';

let ledger: Ledger;
let path: string;
let clock: ReturnType<typeof fakeClock>;
let cleanup: () => void;

beforeEach(() => {
  clock = fakeClock();
  ({ ledger, path, cleanup } = tempLedger(clock.now));
});
afterEach(() => cleanup());

const orderRecord = { entity: 'order', orderType: 'SO', orderNbr: 'SO001234', lastModified: '2026-11-28T10:15:30.457-05:00' } as const;

describe('ledger.transaction', () => {
  it('commits a page, its outbox rows and the cursor move together', () => {
    ledger.transaction(() => {
      ledger.orders.upsertOrders([makeOrder()]);
      ledger.outbox.enqueue(orderRecord, 'webhook');
      ledger.cursors.setCursor('SalesOrder', '2026-11-28T10:15:30.457-05:00');
    });

    // Seen from a second connection: the work is on disk, not just in this handle.
    const other = openLedger({ path, now: clock.now });
    expect(other.orders.countAll()).toBe(1);
    expect(other.outbox.countByStatus().pending).toBe(1);
    expect(other.cursors.getCursor('SalesOrder')?.value).toBe('2026-11-28T10:15:30.457-05:00');
    other.close();
  });

  it('leaves nothing half-written when the work throws: no orders, no outbox, cursor not moved', () => {
    ledger.cursors.setCursor('SalesOrder', 'before');
    expect(() =>
      ledger.transaction(() => {
        ledger.orders.upsertOrders([makeOrder(), makeOrder({ orderNbr: 'SO009999' })]);
        ledger.outbox.enqueue(orderRecord, 'webhook');
        ledger.cursors.setCursor('SalesOrder', 'after');
        throw new Error('delivery store full');
      }),
    ).toThrow('delivery store full');

    expect(ledger.orders.countAll()).toBe(0);
    expect(ledger.outbox.countByStatus().pending).toBe(0);
    expect(ledger.activity.listRecent({ limit: 10 })).toEqual([]);
    expect(ledger.cursors.getCursor('SalesOrder')?.value).toBe('before');
  });

  it('rolls back only the inner unit when a nested call fails and the outer one carries on', () => {
    ledger.transaction(() => {
      ledger.orders.upsertOrders([makeOrder({ orderNbr: 'KEEP' })]);
      expect(() =>
        ledger.transaction(() => {
          ledger.orders.upsertOrders([makeOrder({ orderNbr: 'DROP' })]);
          throw new Error('inner');
        }),
      ).toThrow('inner');
    });
    expect(ledger.orders.listOrders({ limit: 10 }).orders.map((o) => o.orderNbr)).toEqual(['KEEP']);
  });

  it('refuses async work, which would otherwise commit before it finished', async () => {
    expect(() => ledger.transaction(async () => ledger.orders.upsertOrders([makeOrder()]))).toThrow(/synchronous/);
    // The synchronous part that ran before the first await was rolled back too.
    await Promise.resolve();
    expect(ledger.orders.countAll()).toBe(0);
  });

  it('is usable again after a failure', () => {
    expect(() => ledger.transaction(() => { throw new Error('first'); })).toThrow('first');
    ledger.transaction(() => ledger.orders.upsertOrders([makeOrder()]));
    expect(ledger.orders.countAll()).toBe(1);
  });
});
