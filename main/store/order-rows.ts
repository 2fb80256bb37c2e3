import type { SQLInputValue } from 'node:sqlite';
import { z } from 'zod';
import type { Order, OrderLine } from '../acumatica/domain.ts';
import { integer, nullableNumber, nullableText, parseJsonColumn, parseRow, text } from './rows.ts';

// Row shapes and the mapping between Order and the orders table, kept apart from the repository
// so the SQL there stays readable.

export const ORDER_COLUMNS = [
  'order_type', 'order_nbr', 'acumatica_id', 'status', 'order_date', 'requested_on', 'customer_id',
  'customer_order', 'description', 'ship_via', 'last_modified', 'last_modified_ms',
  'ship_to_address_line1', 'ship_to_address_line2', 'ship_to_city', 'ship_to_state',
  'ship_to_postal_code', 'ship_to_country', 'ship_to_attention', 'ship_to_business_name',
  'ship_to_email', 'ship_to_phone', 'lines', 'first_imported_at', 'updated_at',
] as const;

export const orderRow = z.object({
  order_type: text,
  order_nbr: text,
  acumatica_id: text,
  status: text,
  order_date: nullableText,
  requested_on: nullableText,
  customer_id: nullableText,
  customer_order: nullableText,
  description: nullableText,
  ship_via: nullableText,
  last_modified: text,
  last_modified_ms: integer,
  ship_to_address_line1: nullableText,
  ship_to_address_line2: nullableText,
  ship_to_city: nullableText,
  ship_to_state: nullableText,
  ship_to_postal_code: nullableText,
  ship_to_country: nullableText,
  ship_to_attention: nullableText,
  ship_to_business_name: nullableText,
  ship_to_email: nullableText,
  ship_to_phone: nullableText,
  lines: text,
  first_imported_at: integer,
  updated_at: integer,
});
export type OrderRow = z.output<typeof orderRow>;

/** What `orders.lines` holds (written by linesJson). */
const storedLines = z.array(z.tuple([integer, text, nullableText, z.number(), nullableText, nullableText, nullableNumber]));

/**
 * The columns Acumatica's data fills, in ORDER_COLUMNS order (everything but the two timestamps
 * we add). Positional, because binding by name makes SQLite look up every name on every run.
 */
export const ORDER_DATA_COLUMNS = ORDER_COLUMNS.slice(0, -2);

export function orderValues(order: Order, lastModifiedMs: number): SQLInputValue[] {
  const { shipTo, shipToContact: contact } = order;
  return [
    order.orderType, order.orderNbr, order.id, order.status, order.date, order.requestedOn, order.customerId,
    order.customerOrder, order.description, order.shipVia, order.lastModified, lastModifiedMs,
    shipTo.addressLine1, shipTo.addressLine2, shipTo.city, shipTo.state,
    shipTo.postalCode, shipTo.country, contact.attention, contact.businessName,
    contact.email, contact.phone, linesJson(order.lines),
  ];
}

/**
 * The `orders.lines` text for an order's lines (migration 4): a JSON array with one positional
 * array per line, in line-number order:
 *   [lineNbr, inventoryId, description, quantity, uom, warehouseId, unitPrice]
 * Positional because keys would double the bytes of every line.
 */
function linesJson(lines: readonly OrderLine[]): string {
  const ordered = isInLineOrder(lines) ? lines : [...lines].sort((a, b) => a.lineNbr - b.lineNbr);
  return JSON.stringify(ordered.map((line) => [line.lineNbr, line.inventoryId, line.description, line.quantity, line.uom, line.warehouseId, line.unitPrice]));
}

function isInLineOrder(lines: readonly OrderLine[]): boolean {
  for (let i = 1; i < lines.length; i++) if (lines[i - 1]!.lineNbr > lines[i]!.lineNbr) return false;
  return true;
}

/** The lines an `orders.lines` value holds; a value of any other shape is a LedgerRowError naming the order. */
function linesFromJson(text: string, what: string): OrderLine[] {
  return parseRow(storedLines, parseJsonColumn(text, what), what).map(([lineNbr, inventoryId, description, quantity, uom, warehouseId, unitPrice]) => ({
    lineNbr, inventoryId, description, quantity, uom, warehouseId, unitPrice,
  }));
}

export function orderFromRow(row: OrderRow): Order {
  return {
    id: row.acumatica_id,
    orderType: row.order_type,
    orderNbr: row.order_nbr,
    status: row.status,
    date: row.order_date,
    requestedOn: row.requested_on,
    customerId: row.customer_id,
    customerOrder: row.customer_order,
    description: row.description,
    shipVia: row.ship_via,
    lastModified: row.last_modified,
    shipTo: {
      addressLine1: row.ship_to_address_line1,
      addressLine2: row.ship_to_address_line2,
      city: row.ship_to_city,
      state: row.ship_to_state,
      postalCode: row.ship_to_postal_code,
      country: row.ship_to_country,
    },
    shipToContact: {
      attention: row.ship_to_attention,
      businessName: row.ship_to_business_name,
      email: row.ship_to_email,
      phone: row.ship_to_phone,
    },
    lines: linesFromJson(row.lines, `orders (the lines of ${row.order_type} ${row.order_nbr})`),
  };
}
