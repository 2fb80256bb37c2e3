import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { z } from 'zod';
import type { StockItem } from '../acumatica/domain.ts';
import type { RepositoryDeps } from './repository-deps.ts';
import { integer, nullableText, parseRow, parseRows, text } from './rows.ts';
import { toEpochMs } from './timestamps.ts';
import type { Transaction } from './transaction.ts';
import type { UpsertResult } from './upsert-result.ts';
import { classifyIncoming, emptyUpsertResult } from './upsert-result.ts';

export interface StoredStockItem extends StockItem {
  firstImportedAt: number;
  updatedAt: number;
}

const COLUMNS = [
  'inventory_id', 'acumatica_id', 'description', 'item_status', 'base_uom', 'default_warehouse_id',
  'last_modified', 'last_modified_ms', 'first_imported_at', 'updated_at',
] as const;

const stockItemRow = z.object({
  inventory_id: text,
  acumatica_id: text,
  description: nullableText,
  item_status: nullableText,
  base_uom: nullableText,
  default_warehouse_id: nullableText,
  last_modified: nullableText,
  last_modified_ms: integer.nullable(),
  first_imported_at: integer,
  updated_at: integer,
});
type StockItemRow = z.output<typeof stockItemRow>;

/** SQLite's bound-parameter limit is large, but lookups come from order lines: keep IN lists modest. */
const LOOKUP_CHUNK = 500;

/**
 * The stock item cache (descriptions, UOM, default warehouse) that enriches deliveries. Unlike
 * orders, no activity is recorded: catalog churn would drown the operator's history.
 */
export class StockItemRepository {
  readonly #db: DatabaseSync;
  readonly #transaction: Transaction;
  readonly #now: () => number;
  readonly #select: StatementSync;
  readonly #upsert: StatementSync;

  constructor(deps: RepositoryDeps) {
    this.#db = deps.db;
    this.#transaction = deps.transaction;
    this.#now = deps.now;
    this.#select = deps.db.prepare(`SELECT ${COLUMNS.join(', ')} FROM stock_items WHERE inventory_id = ?`);
    this.#upsert = deps.db.prepare(
      `INSERT INTO stock_items (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c) => `:${c}`).join(', ')})
       ON CONFLICT (inventory_id) DO UPDATE SET ${COLUMNS.filter((c) => c !== 'inventory_id' && c !== 'first_imported_at')
         .map((c) => `${c} = excluded.${c}`)
         .join(', ')}`,
    );
  }

  upsertStockItems(items: readonly StockItem[]): UpsertResult<{ inventoryId: string }, string | null> {
    return this.#transaction(() => {
      const result = emptyUpsertResult<{ inventoryId: string }, string | null>();
      for (const item of items) {
        const raw = this.#select.get(item.inventoryId);
        const stored = raw === undefined ? undefined : parseRow(stockItemRow, raw, 'stock_items');
        const lastModifiedMs =
          item.lastModified === null ? null : toEpochMs(item.lastModified, `Stock item ${item.inventoryId} lastModified`);
        const decision = decide(stored, item, lastModifiedMs);
        if (decision === 'not-newer') {
          result.unchanged += 1;
          continue;
        }
        const now = this.#now();
        this.#upsert.run({
          inventory_id: item.inventoryId,
          acumatica_id: item.id,
          description: item.description,
          item_status: item.itemStatus,
          base_uom: item.baseUom,
          default_warehouse_id: item.defaultWarehouseId,
          last_modified: item.lastModified,
          last_modified_ms: lastModifiedMs,
          first_imported_at: now,
          updated_at: now,
        });
        const key = { inventoryId: item.inventoryId };
        if (decision === 'new') {
          result.imported += 1;
          result.changes.push({ kind: 'imported', key, status: item.itemStatus });
        } else {
          result.updated += 1;
          result.changes.push({ kind: 'updated', key, status: item.itemStatus, previousStatus: stored?.item_status ?? null });
        }
      }
      return result;
    });
  }

  /** The cached items among `inventoryIds`, keyed by inventory ID; unknown IDs are absent. */
  findByInventoryIds(inventoryIds: readonly string[]): Map<string, StoredStockItem> {
    const found = new Map<string, StoredStockItem>();
    const unique = [...new Set(inventoryIds)];
    for (let start = 0; start < unique.length; start += LOOKUP_CHUNK) {
      const chunk = unique.slice(start, start + LOOKUP_CHUNK);
      const rows = this.#db
        .prepare(`SELECT ${COLUMNS.join(', ')} FROM stock_items WHERE inventory_id IN (${chunk.map(() => '?').join(', ')})`)
        .all(...chunk);
      for (const row of parseRows(stockItemRow, rows, 'stock_items')) found.set(row.inventory_id, fromRow(row));
    }
    return found;
  }
}

/**
 * Stock items may come without a last-modified time (older endpoints): then only a difference
 * in content counts as a new version.
 */
function decide(stored: StockItemRow | undefined, item: StockItem, incomingMs: number | null): 'new' | 'newer' | 'not-newer' {
  if (stored === undefined) return 'new';
  if (stored.last_modified_ms !== null && incomingMs !== null) return classifyIncoming(stored.last_modified_ms, incomingMs);
  const same =
    stored.acumatica_id === item.id &&
    stored.description === item.description &&
    stored.item_status === item.itemStatus &&
    stored.base_uom === item.baseUom &&
    stored.default_warehouse_id === item.defaultWarehouseId &&
    stored.last_modified === item.lastModified;
  return same ? 'not-newer' : 'newer';
}

function fromRow(row: StockItemRow): StoredStockItem {
  return {
    id: row.acumatica_id,
    inventoryId: row.inventory_id,
    description: row.description,
    itemStatus: row.item_status,
    baseUom: row.base_uom,
    defaultWarehouseId: row.default_warehouse_id,
    lastModified: row.last_modified,
    firstImportedAt: row.first_imported_at,
    updatedAt: row.updated_at,
  };
}
