// Reads a connector's ledger from outside the connector (read-only, beside a running or killed
// process), so the end-state checks do not trust the code under test to report on itself.
import { DatabaseSync } from 'node:sqlite';

export interface LedgerSnapshot {
  /** `TYPE/NBR` → lastModified as Acumatica sent it. */
  orders: Map<string, string>;
  /** Rows minus distinct keys: a doubled order would show here. */
  doubledOrders: number;
  outbox: { pending: number; delivered: number; parked: number };
  tracking: { queued: number; posted: number; failed: number; dismissed: number };
}

export function readLedger(path: string): LedgerSnapshot {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    const rows = db.prepare('SELECT order_type AS t, order_nbr AS n, last_modified AS m FROM orders').all() as { t: string; n: string; m: string }[];
    const orders = new Map(rows.map((row) => [`${row.t}/${row.n}`, row.m]));
    const outbox = { pending: 0, delivered: 0, parked: 0 };
    for (const row of db.prepare('SELECT status, COUNT(*) AS c FROM outbox GROUP BY status').all() as { status: keyof typeof outbox; c: number }[]) outbox[row.status] = row.c;
    const tracking = { queued: 0, posted: 0, failed: 0, dismissed: 0 };
    for (const row of db.prepare('SELECT status, COUNT(*) AS c FROM tracking_queue GROUP BY status').all() as { status: keyof typeof tracking; c: number }[]) tracking[row.status] = row.c;
    return { orders, doubledOrders: rows.length - orders.size, outbox, tracking };
  } finally {
    db.close();
  }
}

/** Failed tracking rows with their reasons, for a report that says why. */
export function failedTracking(path: string): string[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return (db.prepare("SELECT shipment_nbr AS s, tracking_nbr AS t, error AS e FROM tracking_queue WHERE status = 'failed'").all() as { s: string; t: string; e: string }[]).map(
      (row) => `${row.s} ${row.t}: ${row.e}`,
    );
  } finally {
    db.close();
  }
}
