// The simulator's data: entity tables in key order, document numbering, and the index from an
// order to its shipments (SalesOrder.Shipments is derived from it, never stored twice).
import { KeyedTable, compositeKey } from './keyed-table.ts';
import type { CustomerRecord, OrderRecord, ShipmentRecord, StockItemRecord } from './model.ts';

export interface Database {
  orders: KeyedTable<OrderRecord>;
  shipments: KeyedTable<ShipmentRecord>;
  stockItems: KeyedTable<StockItemRecord>;
  customers: CustomerRecord[];
  /** Last number used per order type, and under 'SHIPMENT' for shipments. */
  lastNumber: Map<string, number>;
  shipmentsByOrder: Map<string, Set<string>>;
}

export const orderKey = (orderType: string, orderNbr: string): string => compositeKey(orderType, orderNbr);
export const shipmentKey = (shipmentNbr: string): string => compositeKey(shipmentNbr);
export const stockItemKey = (inventoryId: string): string => compositeKey(inventoryId);

export function createDatabase(): Database {
  return {
    orders: new KeyedTable((o) => orderKey(o.orderType, o.orderNbr)),
    shipments: new KeyedTable((s) => shipmentKey(s.shipmentNbr)),
    stockItems: new KeyedTable((i) => stockItemKey(i.inventoryId)),
    customers: [],
    lastNumber: new Map(),
    shipmentsByOrder: new Map(),
  };
}

/** Next order number for a type: SO000001, QT000001, ... (each type has its own sequence). */
export function nextOrderNbr(db: Database, orderType: string): string {
  const n = (db.lastNumber.get(orderType) ?? 0) + 1;
  db.lastNumber.set(orderType, n);
  return `${orderType.slice(0, 2)}${String(n).padStart(6, '0')}`;
}

/** Shipments use Acumatica's default numbering: six digits, no prefix. */
export function nextShipmentNbr(db: Database): string {
  const n = (db.lastNumber.get('SHIPMENT') ?? 0) + 1;
  db.lastNumber.set('SHIPMENT', n);
  return String(n).padStart(6, '0');
}

export function indexShipment(db: Database, shipment: ShipmentRecord): void {
  for (const ref of shipment.orders) {
    const key = orderKey(ref.orderType, ref.orderNbr);
    let set = db.shipmentsByOrder.get(key);
    if (!set) db.shipmentsByOrder.set(key, (set = new Set()));
    set.add(shipment.shipmentNbr);
  }
}

export function unindexShipment(db: Database, shipment: ShipmentRecord): void {
  for (const ref of shipment.orders) db.shipmentsByOrder.get(orderKey(ref.orderType, ref.orderNbr))?.delete(shipment.shipmentNbr);
}

export function shipmentsOfOrder(db: Database, order: OrderRecord): ShipmentRecord[] {
  const nbrs = db.shipmentsByOrder.get(orderKey(order.orderType, order.orderNbr));
  if (!nbrs) return [];
  return [...nbrs].sort().flatMap((nbr) => db.shipments.get(shipmentKey(nbr)) ?? []);
}
