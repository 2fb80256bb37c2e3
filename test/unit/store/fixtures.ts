import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Order, Shipment, StockItem } from '../../../main/acumatica/domain.ts';
import type { Ledger } from '../../../main/store/ledger.ts';
import { openLedger } from '../../../main/store/ledger.ts';

/** A clock the test moves by hand. */
export function fakeClock(start = Date.parse('2026-11-28T15:00:00.000Z')): { now: () => number; advance: (ms: number) => void } {
  let current = start;
  return { now: () => current, advance: (ms) => (current += ms) };
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** A real ledger file in a fresh temp folder; `cleanup` closes it and removes the folder. */
export function tempLedger(now: () => number): { ledger: Ledger; dir: string; path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'dropstream-store-'));
  const path = join(dir, 'ledger.sqlite');
  const ledger = openLedger({ path, now });
  return {
    ledger,
    dir,
    path,
    cleanup: () => {
      ledger.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'dropstream-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function makeOrder(overrides: Partial<Order> = {}): Order {
  return {
    id: 'a1b2c3d4-0000-0000-0000-000000000001',
    orderType: 'SO',
    orderNbr: 'SO001234',
    status: 'Open',
    date: '2026-11-28T00:00:00-05:00',
    requestedOn: '2026-11-30T00:00:00-05:00',
    customerId: 'C000123',
    customerOrder: 'PO-778',
    description: 'Winter restock',
    shipVia: 'UPSGROUND',
    lastModified: '2026-11-28T10:15:30.457-05:00',
    shipTo: {
      addressLine1: '1 Harbour Way',
      addressLine2: null,
      city: 'Portland',
      state: 'ME',
      postalCode: '04101',
      country: 'US',
    },
    shipToContact: { attention: 'Receiving', businessName: 'Casco Outfitters', email: 'dock@casco.example', phone: '555-0100' },
    lines: [
      { lineNbr: 1, inventoryId: 'JACKET-L', description: 'Jacket, large', quantity: 4, uom: 'EA', warehouseId: 'MAIN', unitPrice: 89.5 },
      { lineNbr: 2, inventoryId: 'GLOVES-M', description: 'Gloves', quantity: 10, uom: 'PAIR', warehouseId: 'MAIN', unitPrice: 12 },
    ],
    ...overrides,
  };
}

export function makeShipment(overrides: Partial<Shipment> = {}): Shipment {
  return {
    id: 'b1b2c3d4-0000-0000-0000-000000000001',
    shipmentNbr: 'SH000101',
    type: 'Shipment',
    status: 'Open',
    shipmentDate: '2026-11-29T00:00:00-05:00',
    customerId: 'C000123',
    warehouseId: 'MAIN',
    shipVia: 'UPSGROUND',
    lastModified: '2026-11-29T09:00:00.000-05:00',
    lines: [{ orderType: 'SO', orderNbr: 'SO001234', inventoryId: 'JACKET-L', shippedQty: 4 }],
    packages: [{ id: 'pkg-1', boxId: 'LARGE', trackingNbr: null, weight: 7.5 }],
    orders: [{ orderType: 'SO', orderNbr: 'SO001234' }],
    ...overrides,
  };
}

export function makeStockItem(overrides: Partial<StockItem> = {}): StockItem {
  return {
    id: 'c1b2c3d4-0000-0000-0000-000000000001',
    inventoryId: 'JACKET-L',
    description: 'Jacket, large',
    itemStatus: 'Active',
    baseUom: 'EA',
    defaultWarehouseId: 'MAIN',
    lastModified: '2026-11-01T08:00:00.000+00:00',
    ...overrides,
  };
}
