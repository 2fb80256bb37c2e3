// Builders for plausible records, shared by the seeded generator, admin helpers and live mode.
import type { Rng } from '../util/rng.ts';
import { nextOrderNbr, nextShipmentNbr, type Database } from './database.ts';
import {
  BOX_IDS,
  SHIP_VIAS,
  type CustomerRecord,
  type OrderLineRecord,
  type OrderRecord,
  type ShipmentRecord,
  type StockItemRecord,
} from './model.ts';
import {
  CITIES,
  COMPANY_SUFFIXES,
  COMPANY_WORDS,
  FIRST_NAMES,
  ITEM_ADJECTIVES,
  ITEM_NOUNS,
  LAST_NAMES,
  STREETS,
  UOMS,
} from './word-lists.ts';

const DAY = 86_400_000;

export function makeCustomer(rng: Rng, index: number): CustomerRecord {
  const name = `${rng.pick(COMPANY_WORDS)} ${rng.pick(COMPANY_SUFFIXES)}`;
  const [city, state, postalCode] = rng.pick(CITIES);
  return {
    customerId: `C${String(index + 1).padStart(5, '0')}`,
    name,
    email: `orders@${name.toLowerCase().replace(/[^a-z]/g, '')}.example`,
    phone: `+1 555 ${rng.int(100, 999)} ${rng.int(1000, 9999)}`,
    address: {
      addressLine1: `${rng.int(1, 9999)} ${rng.pick(STREETS)}`,
      addressLine2: rng.chance(0.2) ? `Suite ${rng.int(100, 999)}` : null,
      city,
      state,
      postalCode,
      country: 'US',
    },
  };
}

export function makeStockItem(rng: Rng, index: number, lastModified: number, warehouses: readonly string[]): StockItemRecord {
  const description = `${rng.pick(ITEM_ADJECTIVES)} ${rng.pick(ITEM_NOUNS)}`;
  const defaultWarehouseId = rng.pick(warehouses);
  return {
    id: rng.guid(),
    inventoryId: `${description.toUpperCase().replace(/[^A-Z]/g, '').slice(0, 8)}${String(index + 1).padStart(3, '0')}`,
    description,
    itemStatus: rng.chance(0.95) ? 'Active' : 'Inactive',
    baseUom: rng.pick(UOMS),
    defaultWarehouseId,
    lastModified,
    note: '',
    warehouses: warehouses.map((warehouseId) => ({ id: rng.guid(), warehouseId, qtyOnHand: rng.int(0, 500) })),
  };
}

export interface OrderSpec {
  orderType: string;
  status: string;
  customer: CustomerRecord;
  items: readonly StockItemRecord[];
  lastModified: number;
  lineCount?: number;
}

export function makeOrder(db: Database, rng: Rng, spec: OrderSpec): OrderRecord {
  const orderNbr = nextOrderNbr(db, spec.orderType);
  const date = spec.lastModified - rng.int(0, 5) * DAY;
  const lineCount = spec.lineCount ?? rng.int(1, 6);
  const lines: OrderLineRecord[] = [];
  for (let i = 1; i <= lineCount; i++) {
    const item = rng.pick(spec.items);
    lines.push({
      id: rng.guid(),
      lineNbr: i,
      inventoryId: item.inventoryId,
      lineDescription: item.description,
      orderQty: rng.int(1, 12),
      uom: item.baseUom,
      warehouseId: item.defaultWarehouseId,
      unitPrice: rng.int(199, 19999) / 100,
    });
  }
  const attention = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
  return {
    id: rng.guid(),
    orderType: spec.orderType,
    orderNbr,
    status: spec.status,
    date,
    requestedOn: rng.chance(0.7) ? date + rng.int(1, 10) * DAY : null,
    customerId: spec.customer.customerId,
    customerOrder: rng.chance(0.6) ? `PO-${rng.int(10000, 99999)}` : null,
    description: rng.chance(0.5) ? `Order for ${spec.customer.name}` : null,
    shipVia: rng.pick(SHIP_VIAS),
    lastModified: spec.lastModified,
    note: '',
    shipTo: { id: rng.guid(), ...spec.customer.address },
    shipToContact: {
      id: rng.guid(),
      attention,
      businessName: spec.customer.name,
      email: rng.chance(0.9) ? `${attention.toLowerCase().replace(/[^a-z]/g, '.')}@example.com` : null,
      phone1: spec.customer.phone,
    },
    lines,
  };
}

export interface ShipmentSpec {
  orders: readonly OrderRecord[];
  status: string;
  lastModified: number;
  /** Give packages tracking numbers (a shipment that already went out). */
  tracked: boolean;
  packageCount?: number;
}

export function makeShipment(db: Database, rng: Rng, spec: ShipmentSpec): ShipmentRecord {
  const first = spec.orders[0];
  if (!first) throw new Error('a shipment needs at least one order');
  const shipmentNbr = nextShipmentNbr(db);
  let lineNbr = 0;
  const lines = spec.orders.flatMap((order) =>
    order.lines.map((line) => ({
      id: rng.guid(),
      lineNbr: ++lineNbr,
      orderType: order.orderType,
      orderNbr: order.orderNbr,
      inventoryId: line.inventoryId,
      shippedQty: line.orderQty,
    })),
  );
  const packageCount = spec.packageCount ?? rng.int(1, 3);
  const packages = Array.from({ length: packageCount }, (_, i) => ({
    id: rng.guid(),
    lineNbr: i + 1,
    boxId: rng.pick(BOX_IDS),
    trackingNbr: spec.tracked ? trackingNumber(rng) : null,
    weight: rng.int(5, 400) / 10,
  }));
  return {
    id: rng.guid(),
    shipmentNbr,
    type: 'Shipment',
    status: spec.status,
    shipmentDate: spec.lastModified,
    customerId: first.customerId,
    warehouseId: first.lines[0]?.warehouseId ?? 'WHOLESALE',
    shipVia: first.shipVia,
    lastModified: spec.lastModified,
    note: '',
    lines,
    packages,
    orders: spec.orders.map((o) => ({ id: rng.guid(), orderType: o.orderType, orderNbr: o.orderNbr })),
  };
}

export function trackingNumber(rng: Rng): string {
  let digits = '';
  for (let i = 0; i < 16; i++) digits += String(rng.int(0, 9));
  return `1Z${digits}`;
}
