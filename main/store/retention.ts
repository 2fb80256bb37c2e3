import type { DatabaseSync } from 'node:sqlite';
import type { Transaction } from './transaction.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionPolicy {
  /** Records untouched for this many days, and activity older than this, may go. */
  olderThanDays: number;
  /** Order statuses after which Acumatica no longer changes an order. */
  finishedOrderStatuses?: readonly string[];
  /** Shipment statuses after which nothing is left for us to do with a shipment. */
  finishedShipmentStatuses?: readonly string[];
}

export interface PruneCounts {
  orders: number;
  shipments: number;
  outbox: number;
  tracking: number;
  activity: number;
  stockItems: number;
}

export function assertRetentionPolicy(policy: RetentionPolicy): void {
  if (!Number.isFinite(policy.olderThanDays) || policy.olderThanDays < 0) {
    throw new RangeError(`olderThanDays must be a non-negative number, got ${policy.olderThanDays}`);
  }
}

export const DEFAULT_FINISHED_ORDER_STATUSES = ['Completed', 'Cancelled'] as const;
export const DEFAULT_FINISHED_SHIPMENT_STATUSES = ['Confirmed', 'Completed', 'Invoiced', 'Cancelled'] as const;

/**
 * Deletes what the connector is finished with, so a ledger running for years stays small:
 * - outbox rows delivered (or dropped: their destination was removed, or an operator dismissed
 *   them), and tracking numbers posted or dismissed, before the cutoff;
 * - orders and shipments in a finished status, not written since the cutoff, with nothing still
 *   owed for them: no outbox row pending or parked, no tracking number queued or failed;
 * - but a shipment only once none of its orders is left (orders go first, in the same
 *   transaction): an order the ledger still follows (a back order waiting months for the rest)
 *   names its shipments in every version it delivers, and a version saying "no shipments" for an
 *   order that was part shipped could have it shipped twice;
 * - activity entries older than the cutoff;
 * - stock items no order left in the ledger names (orders go first), not refreshed since the
 *   cutoff: the cache holds every SKU an order ever named, so over years of a changing catalogue
 *   it would only grow. Only orders' lines are enriched from it (enrich-lines.ts), so a shipment's
 *   lines do not keep one.
 * Anything a person may still need to act on (parked deliveries, failed tracking) is kept.
 * Pruning an order does not forget it for good: if Acumatica changes it again, it comes back
 * as a new import (and a new outbox version), which is what a fulfilment partner would want; a
 * stock item it names that was pruned meanwhile waits in pending_stock_lookups like any SKU the
 * cache lacks (main/sync/pending-skus.ts) and is looked up again in that cycle.
 */
export function pruneFinishedRecords(
  db: DatabaseSync,
  transaction: Transaction,
  now: () => number,
  policy: RetentionPolicy,
): PruneCounts {
  assertRetentionPolicy(policy);
  const cutoff = now() - policy.olderThanDays * DAY_MS;
  const orderStatuses = [...(policy.finishedOrderStatuses ?? DEFAULT_FINISHED_ORDER_STATUSES)];
  const shipmentStatuses = [...(policy.finishedShipmentStatuses ?? DEFAULT_FINISHED_SHIPMENT_STATUSES)];
  const placeholders = (values: readonly string[]): string => values.map(() => '?').join(', ') || 'NULL';

  const counts = transaction(() => {
    const run = (sql: string, ...params: (string | number)[]): number => Number(db.prepare(sql).run(...params).changes);
    return {
      outbox: run(`DELETE FROM outbox WHERE status IN ('delivered', 'dropped') AND updated_at < ?`, cutoff),
      tracking: run(`DELETE FROM tracking_queue WHERE status IN ('posted', 'dismissed') AND updated_at < ?`, cutoff),
      orders: run(
        `DELETE FROM orders WHERE updated_at < ? AND status IN (${placeholders(orderStatuses)})
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'order' AND o.status IN ('pending', 'parked')
                         AND o.record_key = orders.order_type || '/' || orders.order_nbr)
         AND NOT EXISTS (SELECT 1 FROM tracking_queue t WHERE t.status NOT IN ('posted', 'dismissed')
                         AND t.order_type = orders.order_type AND t.order_nbr = orders.order_nbr)`,
        cutoff,
        ...orderStatuses,
      ),
      shipments: run(
        `DELETE FROM shipments WHERE updated_at < ? AND status IN (${placeholders(shipmentStatuses)})
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity = 'shipment' AND o.status IN ('pending', 'parked')
                         AND o.record_key = shipments.shipment_nbr)
         AND NOT EXISTS (SELECT 1 FROM tracking_queue t WHERE t.status NOT IN ('posted', 'dismissed')
                         AND t.shipment_nbr = shipments.shipment_nbr)
         AND NOT EXISTS (SELECT 1 FROM shipment_orders so JOIN orders o
                         ON o.order_type = so.order_type AND o.order_nbr = so.order_nbr
                         WHERE so.shipment_nbr = shipments.shipment_nbr)`,
        cutoff,
        ...shipmentStatuses,
      ),
      activity: run('DELETE FROM activity_log WHERE at < ?', cutoff),
      // After the orders: an item only pruned orders named goes in this same prune. The lines are a
      // JSON column (migration 4); SQLite builds the named SKUs once, as a temporary index, for
      // every row of stock_items (about 150 ms of CPU for 50,000 orders). jsonb_each hands each
      // line over as JSONB, which ->> reads without parsing the line's text again: json_each took a
      // third longer. IS NOT NULL: one NULL in a NOT IN list would keep every item.
      stockItems: run(
        `DELETE FROM stock_items WHERE updated_at < ?
         AND inventory_id NOT IN (SELECT line.value ->> 1 FROM orders, jsonb_each(orders.lines) AS line
                                  WHERE line.value ->> 1 IS NOT NULL)`,
        cutoff,
      ),
    };
  });

  // Freed pages sit on the freelist until given back; the ledger was created with
  // auto_vacuum=INCREMENTAL so this shrinks the file without a full VACUUM's copy.
  // Then fold the WAL into the file and truncate it, or the WAL would hold the freed bulk.
  db.exec('PRAGMA incremental_vacuum');
  db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  return counts;
}
