// Live mode: the ERP keeps moving. Each tick creates an order, changes a couple of existing ones
// (status transitions, edited lines) and now and then packs or ships one, all stamped with the
// simulator clock. Draws come from a seeded stream, so ticks are reproducible.
import type { SimState } from './context.ts';
import { indexShipment } from './data/database.ts';
import { makeOrder, makeShipment } from './data/factories.ts';
import { ORDER_TYPE_WEIGHTS } from './data/generator.ts';
import type { OrderRecord } from './data/model.ts';
import type { Rng } from './util/rng.ts';

export interface LiveTickResult {
  created: { orderType: string; orderNbr: string }[];
  changed: { orderType: string; orderNbr: string; change: string }[];
  shipments: string[];
}

export interface SimLive {
  /** Ticks every intervalMs (real time) until stop(). */
  start(options?: { intervalMs?: number }): void;
  stop(): void;
  readonly running: boolean;
  /** One tick now, e.g. from a test that wants no timers. */
  tick(): LiveTickResult;
}

const TRANSITIONS: Record<string, readonly string[]> = {
  Open: ['On Hold', 'Back Order', 'Completed', 'Cancelled'],
  'On Hold': ['Open'],
  'Back Order': ['Open', 'Completed'],
};

export function createLive(state: () => SimState, rngFor: () => Rng): SimLive {
  let timer: NodeJS.Timeout | null = null;
  const tick = (): LiveTickResult => {
    const s = state();
    const rng = rngFor();
    const result: LiveTickResult = { created: [], changed: [], shipments: [] };
    const now = s.clock.now();
    const created = makeOrder(s.db, rng, {
      orderType: rng.weighted(ORDER_TYPE_WEIGHTS),
      status: 'Open',
      customer: rng.pick(s.db.customers),
      items: s.db.stockItems.all(),
      lastModified: now,
    });
    s.db.orders.put(created);
    result.created.push({ orderType: created.orderType, orderNbr: created.orderNbr });

    const all = s.db.orders.all();
    for (let i = 0, changes = rng.int(1, 2); i < 8 && result.changed.length < changes && all.length > 0; i++) {
      const order = all[rng.int(0, all.length - 1)];
      if (!order) continue;
      const change = changeOrder(s, rng, order, now, result);
      if (change) result.changed.push({ orderType: order.orderType, orderNbr: order.orderNbr, change });
    }
    return result;
  };
  return {
    start: ({ intervalMs = 1000 } = {}) => {
      if (timer) clearInterval(timer);
      timer = setInterval(tick, intervalMs);
      // Live mode must never keep a test process or the CLI alive on its own.
      timer.unref();
    },
    stop: () => {
      if (timer) clearInterval(timer);
      timer = null;
    },
    get running() {
      return timer !== null;
    },
    tick,
  };
}

function changeOrder(s: SimState, rng: Rng, order: OrderRecord, now: number, result: LiveTickResult): string | null {
  const next = TRANSITIONS[order.status];
  if (!next) return null;
  if (rng.chance(0.3)) {
    const line = rng.pick(order.lines);
    line.orderQty = Math.max(1, line.orderQty + rng.int(-2, 3));
    order.lastModified = now;
    return `line ${line.lineNbr} quantity ${line.orderQty}`;
  }
  const status = rng.pick(next);
  order.status = status;
  order.lastModified = now;
  if (status === 'Completed' && order.orderType === 'SO') {
    const shipment = makeShipment(s.db, rng, { orders: [order], status: 'Confirmed', lastModified: now, tracked: rng.chance(0.5) });
    s.db.shipments.put(shipment);
    indexShipment(s.db, shipment);
    result.shipments.push(shipment.shipmentNbr);
  }
  return `status ${status}`;
}
