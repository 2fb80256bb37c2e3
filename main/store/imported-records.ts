// What a ledger holds from one Acumatica company, as opposed to the connector's own settings and
// history: the records, their sync positions, the stock item cache and the work still owed for them.
// Cleared together when Setup moves the connector to another company (main/engine/company-change.ts).
import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { integer, parseRow } from './rows.ts';
import type { Transaction } from './transaction.ts';

export interface ImportedRecordCounts {
  orders: number;
  shipments: number;
  /** Deliveries pending or parked: not yet handed to fulfillment. */
  owedDeliveries: number;
  /** Tracking numbers queued or failed: not yet written to Acumatica. */
  owedTracking: number;
  /** Sync positions: a ledger that has synced holds some even when no record matched. */
  cursors: number;
}

const countsRow = z.object({ orders: integer, shipments: integer, owedDeliveries: integer, owedTracking: integer, cursors: integer });

export function countImportedRecords(db: DatabaseSync): ImportedRecordCounts {
  const row = db
    .prepare(
      `SELECT (SELECT count(*) FROM orders) AS orders, (SELECT count(*) FROM shipments) AS shipments,
              (SELECT count(*) FROM outbox WHERE status IN ('pending', 'parked')) AS owedDeliveries,
              (SELECT count(*) FROM tracking_queue WHERE status IN ('queued', 'failed')) AS owedTracking,
              (SELECT count(*) FROM cursors) AS cursors`,
    )
    .get();
  return parseRow(countsRow, row, 'imported record counts');
}

/**
 * Deletes every record imported from Acumatica with its sync positions, stock items, deliveries and
 * tracking numbers, in one transaction. Settings, the poller lease and the activity log stay; the
 * log's entries are detached from their records, so an order of the next company with the same
 * number does not show the previous one's history in its timeline.
 */
export function clearImportedRecords(db: DatabaseSync, transaction: Transaction): ImportedRecordCounts {
  return transaction(() => {
    const counts = countImportedRecords(db);
    // Shipment lines, packages and order links go with their shipments (ON DELETE CASCADE).
    for (const table of ['orders', 'shipments', 'stock_items', 'pending_stock_lookups', 'cursors', 'outbox', 'tracking_queue']) {
      db.exec(`DELETE FROM ${table}`);
    }
    db.exec('UPDATE activity_log SET subject_key = NULL WHERE subject_key IS NOT NULL');
    return counts;
  });
}
