import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../../main/store/ledger.ts';
import { InvalidTimestampError } from '../../../main/store/timestamps.ts';
import { fakeClock, makeOrder, tempLedger } from './fixtures.ts';

let ledger: Ledger;
let clock: ReturnType<typeof fakeClock>;
let cleanup: () => void;

beforeEach(() => {
  clock = fakeClock();
  ({ ledger, cleanup } = tempLedger(clock.now));
});
afterEach(() => cleanup());

describe('upsertOrders', () => {
  it('imports a new order with its lines, ship-to and both forms of lastModified', () => {
    const result = ledger.orders.upsertOrders([makeOrder()]);

    expect(result).toEqual({
      imported: 1,
      updated: 0,
      unchanged: 0,
      changes: [{ kind: 'imported', key: { orderType: 'SO', orderNbr: 'SO001234' }, status: 'Open' }],
    });
    const detail = ledger.orders.getOrder({ orderType: 'SO', orderNbr: 'SO001234' });
    const { firstImportedAt, updatedAt, ...order } = detail?.order ?? { firstImportedAt: 0, updatedAt: 0 };
    expect(order).toEqual(makeOrder());
    expect(firstImportedAt).toBe(clock.now());
    expect(updatedAt).toBe(clock.now());
  });

  it('writes nothing for the same keys and lastModified', () => {
    ledger.orders.upsertOrders([makeOrder()]);
    clock.advance(60_000);
    const result = ledger.orders.upsertOrders([makeOrder({ description: 'changed but same version' })]);

    expect(result).toEqual({ imported: 0, updated: 0, unchanged: 1, changes: [] });
    const stored = ledger.orders.getOrder({ orderType: 'SO', orderNbr: 'SO001234' })?.order;
    expect(stored?.description).toBe('Winter restock');
    expect(stored?.updatedAt).toBe(clock.now() - 60_000);
  });

  it('treats the same instant written with another offset as the same version', () => {
    ledger.orders.upsertOrders([makeOrder({ lastModified: '2026-11-28T10:15:30.457-05:00' })]);
    const result = ledger.orders.upsertOrders([makeOrder({ lastModified: '2026-11-28T15:15:30.457Z' })]);
    expect(result.unchanged).toBe(1);
  });

  it('orders versions without an offset by their wall-clock time, whatever time zone the PC is in', () => {
    // On 8 March 2026 New York's clocks skip 02:00-03:00. Read as the PC's local time, 02:30 would
    // become 03:30 EDT and a later edit stamped 03:10 would look older, and be dropped for good.
    const zone = process.env['TZ'];
    process.env['TZ'] = 'America/New_York';
    try {
      ledger.orders.upsertOrders([makeOrder({ status: 'Open', lastModified: '2026-03-08T02:30:00.000' })]);
      const result = ledger.orders.upsertOrders([makeOrder({ status: 'On Hold', lastModified: '2026-03-08T03:10:00.000' })]);
      expect(result.updated).toBe(1);
      expect(ledger.orders.getOrder({ orderType: 'SO', orderNbr: 'SO001234' })?.order.status).toBe('On Hold');
    } finally {
      if (zone === undefined) delete process.env['TZ'];
      else process.env['TZ'] = zone;
    }
  });

  it('ignores an older version arriving late, so it cannot overwrite newer data', () => {
    ledger.orders.upsertOrders([makeOrder({ status: 'Completed', lastModified: '2026-11-29T10:00:00.000-05:00' })]);
    const result = ledger.orders.upsertOrders([makeOrder({ status: 'Open', lastModified: '2026-11-28T10:00:00.000-05:00' })]);
    expect(result.unchanged).toBe(1);
    expect(ledger.orders.getOrder({ orderType: 'SO', orderNbr: 'SO001234' })?.order.status).toBe('Completed');
  });

  it('updates a newer version, replaces its lines and reports the status transition', () => {
    ledger.orders.upsertOrders([makeOrder()]);
    clock.advance(1_000);
    const newer = makeOrder({
      status: 'Completed',
      lastModified: '2026-11-28T11:00:00.1234567-05:00',
      lines: [{ lineNbr: 3, inventoryId: 'BOOTS-9', description: null, quantity: 1, uom: 'PAIR', warehouseId: null, unitPrice: null }],
    });
    const result = ledger.orders.upsertOrders([newer]);

    expect(result.updated).toBe(1);
    expect(result.changes).toEqual([
      { kind: 'updated', key: { orderType: 'SO', orderNbr: 'SO001234' }, status: 'Completed', previousStatus: 'Open' },
    ]);
    const detail = ledger.orders.getOrder({ orderType: 'SO', orderNbr: 'SO001234' });
    expect(detail?.order.lines.map((l) => l.inventoryId)).toEqual(['BOOTS-9']);
    expect(detail?.order.lastModified).toBe('2026-11-28T11:00:00.1234567-05:00');
    expect(detail?.order.firstImportedAt).toBe(clock.now() - 1_000);
    expect(detail?.order.updatedAt).toBe(clock.now());
  });

  it('records imports and status changes in the order timeline, newest first', () => {
    ledger.orders.upsertOrders([makeOrder()]);
    clock.advance(1_000);
    ledger.orders.upsertOrders([makeOrder({ description: 'edited', lastModified: '2026-11-28T10:20:00-05:00' })]);
    clock.advance(1_000);
    ledger.orders.upsertOrders([makeOrder({ status: 'Cancelled', lastModified: '2026-11-28T10:30:00-05:00' })]);

    const timeline = ledger.orders.getOrder({ orderType: 'SO', orderNbr: 'SO001234' })?.timeline ?? [];
    expect(timeline.map((e) => e.kind)).toEqual(['order.status-changed', 'order.imported']);
    expect(timeline[0]?.message).toBe('Order SO SO001234: Open → Cancelled');
    expect(timeline[0]?.details).toEqual({ previousStatus: 'Open', status: 'Cancelled' });
  });

  it('includes activity about the order’s shipments in its timeline', () => {
    ledger.orders.upsertOrders([makeOrder()]);
    clock.advance(1_000);
    ledger.shipments.upsertShipments([
      {
        id: 'ship-guid', shipmentNbr: 'SH000101', type: 'Shipment', status: 'Open', shipmentDate: null, customerId: null,
        warehouseId: null, shipVia: null, lastModified: '2026-11-29T09:00:00Z', lines: [], packages: [],
        orders: [{ orderType: 'SO', orderNbr: 'SO001234' }],
      },
    ]);
    const detail = ledger.orders.getOrder({ orderType: 'SO', orderNbr: 'SO001234' });
    expect(detail?.shipmentNbrs).toEqual(['SH000101']);
    expect(detail?.timeline.map((e) => e.kind)).toEqual(['shipment.imported', 'order.imported']);
  });

  it('rejects a lastModified that is not a date, writing nothing of the page', () => {
    expect(() =>
      ledger.orders.upsertOrders([makeOrder({ orderNbr: 'SO1' }), makeOrder({ orderNbr: 'SO2', lastModified: 'yesterday' })]),
    ).toThrow(InvalidTimestampError);
    expect(ledger.orders.countAll()).toBe(0);
    // SO1 was queued for writing when SO2 failed; the next page must not carry it in.
    ledger.orders.upsertOrders([makeOrder({ orderNbr: 'SO3' })]);
    expect(ledger.orders.listOrders({ limit: 10 }).orders.map((o) => o.orderNbr)).toEqual(['SO3']);
  });

  it('stores a page far larger than one INSERT, every order with all its lines', () => {
    const line = (lineNbr: number) => ({ lineNbr, inventoryId: `SKU-${lineNbr}`, description: null, quantity: lineNbr, uom: 'EA', warehouseId: 'WH1', unitPrice: 1.5 });
    // 500 orders of 1 to 6 lines: orders and lines fill their buffers at different moments.
    const page = Array.from({ length: 500 }, (_, i) => makeOrder({ orderNbr: `SO${String(i).padStart(5, '0')}`, lines: Array.from({ length: (i % 6) + 1 }, (_, j) => line(j + 1)) }));
    expect(ledger.orders.upsertOrders(page).imported).toBe(500);
    expect(ledger.orders.countAll()).toBe(500);
    for (const i of [0, 31, 32, 257, 499]) {
      const stored = ledger.orders.getOrder({ orderType: 'SO', orderNbr: `SO${String(i).padStart(5, '0')}` })?.order;
      expect(stored?.lines.map((l) => l.inventoryId)).toEqual(page[i]!.lines.map((l) => l.inventoryId));
    }
  });

  it('logs one activity entry for a page of imports, not one per order', () => {
    const page = Array.from({ length: 3 }, (_, i) => makeOrder({ orderNbr: `SO${i + 1}` }));
    ledger.orders.upsertOrders(page);
    const entries = ledger.activity.listRecent({ limit: 10 });
    expect(entries.map((e) => [e.kind, e.message])).toEqual([['orders.imported', 'Imported 3 orders, SO SO1 to SO SO3']]);
    expect(ledger.orders.getOrder({ orderType: 'SO', orderNbr: 'SO2' })?.timeline.map((e) => e.message)).toEqual(['Imported order SO SO2']);
  });

  it('handles an order sent twice in one page: the newer copy wins, its lines replace the first', () => {
    const result = ledger.orders.upsertOrders([
      makeOrder(),
      makeOrder(),
      makeOrder({
        status: 'On Hold',
        lastModified: '2026-11-28T11:00:00-05:00',
        lines: [{ lineNbr: 9, inventoryId: 'HAT-1', description: null, quantity: 2, uom: null, warehouseId: null, unitPrice: null }],
      }),
    ]);
    expect(result).toMatchObject({ imported: 1, updated: 1, unchanged: 1 });
    const detail = ledger.orders.getOrder({ orderType: 'SO', orderNbr: 'SO001234' });
    expect(detail?.order.status).toBe('On Hold');
    expect(detail?.order.lines.map((l) => l.inventoryId)).toEqual(['HAT-1']);
    expect(detail?.timeline.map((e) => e.kind)).toEqual(['order.status-changed', 'order.imported']);
  });

  it('writes lines in multi-row chunks of every size', () => {
    // 1 + 2 + ... + 6 lines over 40 orders: chunk sizes from 64 rows down to 1 all get used.
    const page = Array.from({ length: 40 }, (_, i) =>
      makeOrder({
        orderNbr: `SO${String(i).padStart(3, '0')}`,
        lines: Array.from({ length: 1 + (i % 6) }, (_, l) => ({ lineNbr: l + 1, inventoryId: `SKU-${i}-${l}`, description: null, quantity: l, uom: null, warehouseId: null, unitPrice: null })),
      }),
    );
    ledger.orders.upsertOrders(page);
    for (const order of page) {
      const stored = ledger.orders.getOrder(order)?.order;
      expect(stored?.lines.map((l) => l.inventoryId)).toEqual(order.lines.map((l) => l.inventoryId));
    }
  });

  it('stores a 5,000-order page', () => {
    const page = Array.from({ length: 5_000 }, (_, i) => makeOrder({ orderNbr: `SO${String(i).padStart(6, '0')}` }));
    const result = ledger.orders.upsertOrders(page);
    expect(result.imported).toBe(5_000);
    expect(ledger.orders.countAll()).toBe(5_000);
    expect(ledger.orders.upsertOrders(page).unchanged).toBe(5_000);
  });
});

describe('listOrders', () => {
  beforeEach(() => {
    const customers = ['Casco Outfitters', 'Bangor Boots', 'Acme 100% Cotton'];
    for (let i = 0; i < 30; i += 1) {
      clock.advance(1_000);
      ledger.orders.upsertOrders([
        makeOrder({
          orderNbr: `SO${String(i).padStart(4, '0')}`,
          status: i % 3 === 0 ? 'On Hold' : 'Open',
          shipToContact: { attention: null, businessName: customers[i % 3] ?? null, email: null, phone: null },
        }),
      ]);
    }
  });

  it('pages newest first with a total', () => {
    const first = ledger.orders.listOrders({ limit: 10 });
    const second = ledger.orders.listOrders({ limit: 10, offset: 10 });
    expect(first.total).toBe(30);
    expect(first.orders.map((o) => o.orderNbr).slice(0, 3)).toEqual(['SO0029', 'SO0028', 'SO0027']);
    expect(second.orders[0]?.orderNbr).toBe('SO0019');
    expect(new Set([...first.orders, ...second.orders].map((o) => o.orderNbr)).size).toBe(20);
  });

  it('moves an updated order to the top', () => {
    clock.advance(1_000);
    ledger.orders.upsertOrders([makeOrder({ orderNbr: 'SO0003', lastModified: '2026-12-01T00:00:00Z' })]);
    expect(ledger.orders.listOrders({ limit: 1 }).orders[0]?.orderNbr).toBe('SO0003');
  });

  it('filters by status and by text, case-insensitively, with LIKE wildcards taken literally', () => {
    expect(ledger.orders.listOrders({ limit: 100, status: 'On Hold' }).total).toBe(10);
    expect(ledger.orders.listOrders({ limit: 100, search: 'bangor' }).total).toBe(10);
    expect(ledger.orders.listOrders({ limit: 100, search: 'SO002' }).total).toBe(10);
    expect(ledger.orders.listOrders({ limit: 100, search: '100%' }).total).toBe(10);
    expect(ledger.orders.listOrders({ limit: 100, search: '%' }).total).toBe(10);
    expect(ledger.orders.listOrders({ limit: 100, search: 'bangor', status: 'On Hold' }).total).toBe(0);
    expect(ledger.orders.listOrders({ limit: 100, search: 'casco', status: 'On Hold' }).total).toBe(10);
  });
});
