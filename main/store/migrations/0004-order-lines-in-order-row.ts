import type { Migration } from '../migrations.ts';

// An order's lines become one JSON column of its row. They were only ever written and read with
// their order (an update replaces them all, the drawer and deliveries read them all), never
// queried on their own, yet each line was a B-tree row of its own: storing 70,000 lines was half
// of a 20,000-order backfill's SQLite time (~185 of ~380 ms; building the JSON costs ~25 ms).
//
// The value is an array of positional arrays, one per line, in line-number order:
//   [lineNbr, inventoryId, description, quantity, uom, warehouseId, unitPrice]
// Positional rather than keyed because the keys would double the bytes of every line; the order
// is the one of linesJson in main/store/order-rows.ts. SQLite's json_each() still reads it, e.g.
//   SELECT o.order_nbr, l.value ->> 1 AS inventory_id FROM orders o, json_each(o.lines) l
//
// An order's lines now go with its row, so pruning an order cannot leave lines behind, and the
// foreign key and cascade that guarded that are no longer needed.
export const orderLinesInOrderRow: Migration = {
  version: 4,
  name: 'order lines as a JSON column of orders',
  sql: `
ALTER TABLE orders ADD COLUMN lines TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(lines) AND json_type(lines) = 'array');
UPDATE orders SET lines = (
  SELECT json_group_array(json_array(l.line_nbr, l.inventory_id, l.description, l.quantity, l.uom, l.warehouse_id, l.unit_price) ORDER BY l.line_nbr)
  FROM order_lines AS l
  WHERE l.order_type = orders.order_type AND l.order_nbr = orders.order_nbr
)
WHERE EXISTS (SELECT 1 FROM order_lines AS l WHERE l.order_type = orders.order_type AND l.order_nbr = orders.order_nbr);
DROP TABLE order_lines;
`,
};
