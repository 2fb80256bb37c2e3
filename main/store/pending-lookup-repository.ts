import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { z } from 'zod';
import { parseRows, text } from './rows.ts';

const skuRow = z.object({ inventory_id: text });

/** The SKUs waiting to be looked up as stock items (migration 9; main/sync/pending-skus.ts keeps it). */
export class PendingLookupRepository {
  readonly #insert: StatementSync;
  readonly #delete: StatementSync;
  readonly #list: StatementSync;
  readonly #count: StatementSync;

  constructor(db: DatabaseSync) {
    this.#insert = db.prepare('INSERT OR IGNORE INTO pending_stock_lookups (inventory_id) VALUES (?)');
    this.#delete = db.prepare('DELETE FROM pending_stock_lookups WHERE inventory_id = ?');
    this.#list = db.prepare('SELECT inventory_id FROM pending_stock_lookups ORDER BY inventory_id');
    this.#count = db.prepare('SELECT count(*) AS n FROM pending_stock_lookups');
  }

  /** Call inside the transaction storing the orders that name them. */
  add(skus: Iterable<string>): void {
    for (const sku of skus) this.#insert.run(sku);
  }

  /** Call inside the transaction caching what their lookup found. */
  remove(skus: Iterable<string>): void {
    for (const sku of skus) this.#delete.run(sku);
  }

  list(): string[] {
    return parseRows(skuRow, this.#list.all(), 'pending_stock_lookups').map((row) => row.inventory_id);
  }

  count(): number {
    return Number(this.#count.get()?.['n'] ?? 0);
  }
}
