// The seeded data set: same seed and same anchor instant give byte-identical data. Timestamps are
// spread over the 30 days before the anchor (the simulator's clock at start) so that a client's
// first backfill sees a realistic history.
import { createRng } from '../util/rng.ts';
import { createDatabase, indexShipment, type Database } from './database.ts';
import { makeCustomer, makeOrder, makeShipment, makeStockItem } from './factories.ts';
import { WAREHOUSES, type OrderRecord, type ShipmentRecord, type StockItemRecord } from './model.ts';

export interface GeneratorOptions {
  seed: number;
  orders: number;
  /** Instant the history ends at (ms). */
  anchorMs: number;
  customers?: number;
  stockItems?: number;
}

const HISTORY_MS = 30 * 86_400_000;

export const ORDER_TYPE_WEIGHTS: readonly (readonly [string, number])[] = [['SO', 85], ['QT', 8], ['RC', 7]];
export const ORDER_STATUS_WEIGHTS: readonly (readonly [string, number])[] = [
  ['Open', 40], ['On Hold', 10], ['Back Order', 10], ['Completed', 30], ['Cancelled', 10],
];

export function generateDatabase(options: GeneratorOptions): Database {
  const rng = createRng(options.seed);
  const db = createDatabase();
  const start = options.anchorMs - HISTORY_MS;
  // Milliseconds matter: cursors compare them, so they must not all be .000.
  const instant = (): number => start + Math.floor(rng.next() * (HISTORY_MS - 60_000));

  const customerRng = rng.fork('customers');
  db.customers = Array.from({ length: options.customers ?? 250 }, (_, i) => makeCustomer(customerRng, i));

  const itemRng = rng.fork('stock-items');
  const items: StockItemRecord[] = Array.from({ length: options.stockItems ?? 150 }, (_, i) =>
    makeStockItem(itemRng, i, instant(), WAREHOUSES),
  );
  db.stockItems.load(items);

  const orderRng = rng.fork('orders');
  const orders: OrderRecord[] = [];
  for (let i = 0; i < options.orders; i++) {
    orders.push(
      makeOrder(db, orderRng, {
        orderType: orderRng.weighted(ORDER_TYPE_WEIGHTS),
        status: orderRng.weighted(ORDER_STATUS_WEIGHTS),
        customer: orderRng.pick(db.customers),
        items,
        lastModified: instant(),
      }),
    );
  }
  db.orders.load(orders);

  // Completed orders went out (confirmed, tracked); some open ones have a shipment being packed.
  const shipRng = rng.fork('shipments');
  const shipments: ShipmentRecord[] = [];
  for (const order of orders) {
    if (order.orderType !== 'SO') continue;
    const shipped = order.status === 'Completed';
    if (!shipped && !(order.status === 'Open' && shipRng.chance(0.25))) continue;
    const lastModified = Math.min(options.anchorMs - 1, order.lastModified + shipRng.int(0, 3_600_000));
    const shipment = makeShipment(db, shipRng, {
      orders: [order],
      status: shipped ? 'Completed' : 'Open',
      lastModified,
      tracked: shipped,
    });
    shipments.push(shipment);
  }
  db.shipments.load(shipments);
  for (const shipment of shipments) indexShipment(db, shipment);
  return db;
}
