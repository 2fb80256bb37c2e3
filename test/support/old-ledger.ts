// A ledger file as an earlier release left it: only its migrations applied, with rows in the shape
// that release wrote (order lines in their own table before version 4).
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { MIGRATIONS, migrate } from '../../main/store/migrations.ts';

const T0 = Date.parse('2026-11-20T00:00:00Z');

/** `orders` orders of three lines each, one outbox job per order (pending, parked or delivered). */
export function writeOldLedger(path: string, version: number, orders: number): void {
  mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  try {
    db.exec('PRAGMA auto_vacuum = INCREMENTAL'); // as every ledger was created
    db.exec('PRAGMA journal_mode = WAL');
    migrate(db, path, () => T0, MIGRATIONS.slice(0, version));
    const linesInRow = version >= 4;
    db.exec('BEGIN');
    const order = db.prepare(
      `INSERT INTO orders (order_type, order_nbr, acumatica_id, status, last_modified, last_modified_ms, first_imported_at, updated_at${linesInRow ? ', lines' : ''})
       VALUES ('SO', ?, ?, 'Open', ?, ?, ?, ?${linesInRow ? ', ?' : ''})`,
    );
    const line = linesInRow ? null : db.prepare("INSERT INTO order_lines (order_type, order_nbr, line_nbr, inventory_id, description, quantity, uom, warehouse_id, unit_price) VALUES ('SO', ?, ?, ?, ?, ?, 'EA', 'MAIN', ?)");
    const job = db.prepare("INSERT INTO outbox (entity, record_key, idempotency_key, destination, status, attempts, next_attempt_at, created_at, updated_at) VALUES ('order', ?, ?, 'webhook', ?, 1, ?, ?, ?)");
    for (let i = 0; i < orders; i += 1) {
      const nbr = `SO${String(i).padStart(6, '0')}`;
      const at = T0 + i * 1000;
      const lines = [1, 2, 3].map((n) => [n, `SKU-${(i * 7 + n) % 500}`, `Item ${n}`, n * 2, 'EA', 'MAIN', 9.5 * n] as const);
      const row = [nbr, `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, new Date(at).toISOString(), at, T0, T0] as const;
      if (line) {
        order.run(...row);
        for (const [n, sku, description, quantity, , , price] of lines) line.run(nbr, n, sku, description, quantity, price);
      } else {
        order.run(...row, JSON.stringify(lines));
      }
      job.run(`SO/${nbr}`, `order:SO/${nbr}@${at}`, ['pending', 'parked', 'delivered'][i % 3] ?? 'delivered', T0, T0, T0);
    }
    db.exec('COMMIT');
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

export function schemaVersion(path: string): number {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db.prepare('PRAGMA user_version').get()?.['user_version'] as number;
  } finally {
    db.close();
  }
}
