import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Ledger } from '../../../main/store/ledger.ts';
import { fakeClock, makeShipment, makeStockItem, tempLedger } from './fixtures.ts';

let ledger: Ledger;
let clock: ReturnType<typeof fakeClock>;
let cleanup: () => void;

beforeEach(() => {
  clock = fakeClock();
  ({ ledger, cleanup } = tempLedger(clock.now));
});
afterEach(() => cleanup());

describe('upsertShipments', () => {
  it('imports, skips the same version, and replaces packages and order links on a newer one', () => {
    expect(ledger.shipments.upsertShipments([makeShipment()]).imported).toBe(1);
    expect(ledger.shipments.upsertShipments([makeShipment()]).unchanged).toBe(1);

    clock.advance(5_000);
    const confirmed = makeShipment({
      status: 'Confirmed',
      lastModified: '2026-11-29T12:00:00.000-05:00',
      packages: [
        { id: 'pkg-1', boxId: 'LARGE', trackingNbr: '1Z999AA10123456784', weight: 7.5 },
        { id: null, boxId: 'SMALL', trackingNbr: null, weight: null },
      ],
      orders: [{ orderType: 'SO', orderNbr: 'SO001234' }, { orderType: 'SO', orderNbr: 'SO001235' }, { orderType: 'SO', orderNbr: 'SO001235' }],
    });
    const result = ledger.shipments.upsertShipments([confirmed]);

    expect(result.changes).toEqual([{ kind: 'updated', key: { shipmentNbr: 'SH000101' }, status: 'Confirmed', previousStatus: 'Open' }]);
    const stored = ledger.shipments.getShipment('SH000101');
    expect(stored?.packages).toEqual(confirmed.packages);
    expect(stored?.orders).toEqual([{ orderType: 'SO', orderNbr: 'SO001234' }, { orderType: 'SO', orderNbr: 'SO001235' }]);
    expect(stored?.lines).toEqual(confirmed.lines);
    expect(stored?.updatedAt).toBe(clock.now());
    expect(ledger.activity.listRecent({ limit: 5 }).map((e) => e.kind)).toEqual(['shipment.status-changed', 'shipment.imported']);
  });

  it('returns undefined for an unknown shipment', () => {
    expect(ledger.shipments.getShipment('NOPE')).toBeUndefined();
  });
});

describe('upsertStockItems', () => {
  it('imports, skips the same version and updates a newer one', () => {
    expect(ledger.stockItems.upsertStockItems([makeStockItem()]).imported).toBe(1);
    expect(ledger.stockItems.upsertStockItems([makeStockItem({ description: 'ignored' })]).unchanged).toBe(1);
    const result = ledger.stockItems.upsertStockItems([
      makeStockItem({ itemStatus: 'Inactive', lastModified: '2026-11-02T08:00:00.000+00:00' }),
    ]);
    expect(result.changes).toEqual([{ kind: 'updated', key: { inventoryId: 'JACKET-L' }, status: 'Inactive', previousStatus: 'Active' }]);
  });

  it('compares content when Acumatica sends no lastModified', () => {
    ledger.stockItems.upsertStockItems([makeStockItem({ lastModified: null })]);
    expect(ledger.stockItems.upsertStockItems([makeStockItem({ lastModified: null })]).unchanged).toBe(1);
    expect(ledger.stockItems.upsertStockItems([makeStockItem({ lastModified: null, baseUom: 'BOX' })]).updated).toBe(1);
  });

  it('looks items up by inventory ID, ignoring unknown and repeated IDs', () => {
    const items = Array.from({ length: 1_200 }, (_, i) => makeStockItem({ inventoryId: `ITEM-${i}`, id: `guid-${i}` }));
    ledger.stockItems.upsertStockItems(items);
    const found = ledger.stockItems.findByInventoryIds(['ITEM-0', 'ITEM-1199', 'ITEM-0', 'UNKNOWN', ...items.map((i) => i.inventoryId)]);
    expect(found.size).toBe(1_200);
    expect(found.get('ITEM-1199')?.id).toBe('guid-1199');
    expect(found.has('UNKNOWN')).toBe(false);
  });
});
