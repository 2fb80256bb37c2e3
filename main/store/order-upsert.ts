// The write path of OrderRepository.upsertOrders, kept apart because it is the backfill's hot
// loop: one query finds the stored versions of a whole page, new orders (each with its lines, see
// migration 4) go in with multi-row INSERTs, and an import costs no activity row of its own (see
// `#recordImports`).
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { z } from 'zod';
import type { Order } from '../acumatica/domain.ts';
import type { ActivityLog } from './activity-log.ts';
import { MultiRowInsert } from './multi-row-insert.ts';
import { ORDER_COLUMNS, ORDER_DATA_COLUMNS, orderValues } from './order-rows.ts';
import type { RepositoryDeps } from './repository-deps.ts';
import { integer, parseRow, text } from './rows.ts';
import { toEpochMs } from './timestamps.ts';
import type { UpsertResult } from './upsert-result.ts';
import { classifyIncoming, emptyUpsertResult } from './upsert-result.ts';

export interface OrderKey {
  orderType: string;
  orderNbr: string;
}

const storedVersionRow = z.object({ order_type: text, order_nbr: text, status: text, last_modified_ms: integer });
interface StoredVersion {
  status: string;
  lastModifiedMs: number;
}

export class OrderUpsert {
  readonly #now: () => number;
  readonly #activity: ActivityLog;
  readonly #selectVersions: StatementSync;
  readonly #insertOrders: MultiRowInsert;
  readonly #update: StatementSync;

  constructor(deps: RepositoryDeps) {
    const db: DatabaseSync = deps.db;
    this.#now = deps.now;
    this.#activity = deps.activity;
    // One lookup per page instead of one per order: the keys go in as one JSON array.
    this.#selectVersions = db.prepare(
      `SELECT o.order_type, o.order_nbr, o.status, o.last_modified_ms
       FROM json_each(?) AS k JOIN orders AS o ON o.order_type = k.value ->> 0 AND o.order_nbr = k.value ->> 1`,
    );
    this.#insertOrders = new MultiRowInsert(db, 'orders', ORDER_COLUMNS, 32);
    const updated = ORDER_DATA_COLUMNS.slice(2);
    this.#update = db.prepare(
      `UPDATE orders SET ${updated.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE order_type = ? AND order_nbr = ?`,
    );
  }

  /** Must run inside a transaction: it writes orders, their lines and activity in several statements. */
  upsert(orders: readonly Order[]): UpsertResult<OrderKey> {
    try {
      const result = this.#upsert(orders);
      this.#insertOrders.flush();
      return result;
    } catch (error) {
      // The transaction rolls back; rows still queued must not be written with the next page.
      this.#insertOrders.discard();
      throw error;
    }
  }

  #upsert(orders: readonly Order[]): UpsertResult<OrderKey> {
    const result = emptyUpsertResult<OrderKey>();
    const versions = this.#storedVersions(orders);
    const now = this.#now();
    const imported: Order[] = [];

    for (const order of orders) {
      const lastModifiedMs = toEpochMs(order.lastModified, `Order ${order.orderType} ${order.orderNbr} lastModified`);
      const versionKey = keyOf(order.orderType, order.orderNbr);
      const stored = versions.get(versionKey);
      const key = { orderType: order.orderType, orderNbr: order.orderNbr };
      switch (classifyIncoming(stored?.lastModifiedMs, lastModifiedMs)) {
        case 'not-newer':
          result.unchanged += 1;
          continue;
        case 'new':
          addOrderRow(this.#insertOrders, order, lastModifiedMs, now);
          result.imported += 1;
          result.changes.push({ kind: 'imported', key, status: order.status });
          imported.push(order);
          break;
        case 'newer': {
          // Rows still queued may include this very order (sent twice in one page): write them first.
          this.#insertOrders.flush();
          const previousStatus = stored?.status ?? order.status;
          this.#update.run(...orderValues(order, lastModifiedMs).slice(2), now, order.orderType, order.orderNbr);
          result.updated += 1;
          result.changes.push({ kind: 'updated', key, status: order.status, previousStatus });
          if (previousStatus !== order.status) {
            this.#activity.record({
              level: 'info',
              kind: 'order.status-changed',
              message: `Order ${order.orderType} ${order.orderNbr}: ${previousStatus} → ${order.status}`,
              details: { previousStatus, status: order.status },
              subject: { type: 'order', ...key },
            });
          }
          break;
        }
      }
      versions.set(versionKey, { status: order.status, lastModifiedMs });
    }
    this.#recordImports(imported);
    return result;
  }

  #storedVersions(orders: readonly Order[]): Map<string, StoredVersion> {
    const versions = new Map<string, StoredVersion>();
    if (orders.length === 0) return versions;
    const keys = JSON.stringify(orders.map((order) => [order.orderType, order.orderNbr]));
    for (const raw of this.#selectVersions.all(keys)) {
      const row = parseRow(storedVersionRow, raw, 'orders');
      versions.set(keyOf(row.order_type, row.order_nbr), { status: row.status, lastModifiedMs: row.last_modified_ms });
    }
    return versions;
  }

  /**
   * One entry per page, not per order: a backfill of 20,000 orders would otherwise write 20,000
   * activity rows (a tenth of its SQLite time, and a flood in the live activity view) that say
   * nothing `orders.first_imported_at` does not; the order timeline derives its "imported" entry
   * from that column. Status changes keep their own entries: they are news about one order.
   */
  #recordImports(imported: readonly Order[]): void {
    const first = imported[0];
    const last = imported.at(-1);
    if (first === undefined || last === undefined) return;
    const label = (order: Order) => `${order.orderType} ${order.orderNbr}`;
    const count = imported.length;
    this.#activity.record({
      level: 'info',
      kind: 'orders.imported',
      message: count === 1 ? `Imported order ${label(first)} (${first.status})` : `Imported ${count} orders, ${label(first)} to ${label(last)}`,
      details: { count, first: label(first), last: label(last) },
    });
  }
}

function keyOf(orderType: string, orderNbr: string): string {
  return `${orderType}\u0000${orderNbr}`;
}

function addOrderRow(insert: MultiRowInsert, order: Order, lastModifiedMs: number, now: number): void {
  for (const value of orderValues(order, lastModifiedMs)) insert.add(value);
  insert.add(now); // first_imported_at
  insert.add(now); // updated_at
}
