import type { Migration } from '../migrations.ts';

// The SKUs imported orders name that the stock item cache still lacks (main/sync/pending-skus.ts)
// get a table of their own. They were one row of the cursors table holding a JSON list: not a sync
// position, yet `status` listed it among them, and every page naming a new SKU rewrote the whole
// list (thousands of SKUs after a first import whose lookups failed). A list stored earlier moves
// here; an unreadable one is dropped, as reading it always did (the next order pages refill it).
export const pendingStockLookups: Migration = {
  version: 9,
  name: 'pending stock lookups',
  sql: `
CREATE TABLE pending_stock_lookups (
  inventory_id TEXT NOT NULL PRIMARY KEY
) WITHOUT ROWID;

INSERT OR IGNORE INTO pending_stock_lookups (inventory_id)
  SELECT sku.value FROM cursors, json_each(cursors.value) AS sku
  WHERE cursors.entity = 'StockItem:lookups' AND json_valid(cursors.value) AND json_type(cursors.value) = 'array' AND sku.type = 'text';

DELETE FROM cursors WHERE entity = 'StockItem:lookups';
`,
};
