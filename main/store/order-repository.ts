import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { z } from 'zod';
import type { Order } from '../acumatica/domain.ts';
import type { ActivityEntry, ActivityLog, ActivitySubject } from './activity-log.ts';
import type { RepositoryDeps } from './repository-deps.ts';
import { ORDER_COLUMNS, orderFromRow, orderRow } from './order-rows.ts';
import { OrderUpsert, type OrderKey } from './order-upsert.ts';
import { integer, likePattern, nullableText, parseRow, parseRows, text } from './rows.ts';
import type { Transaction } from './transaction.ts';
import type { UpsertResult } from './upsert-result.ts';

export type { OrderKey } from './order-upsert.ts';

/** An order as the ledger holds it: what Acumatica sent plus when we first and last wrote it. */
export interface StoredOrder extends Order {
  firstImportedAt: number;
  updatedAt: number;
}

export interface OrderDetail {
  order: StoredOrder;
  shipmentNbrs: string[];
  /** Activity about the order and its shipments, newest first, ending with its import. */
  timeline: TimelineEntry[];
}

/** An entry of an order's timeline: activity rows, and its import (derived from the order row). */
export type TimelineEntry = Pick<ActivityEntry, 'at' | 'level' | 'kind' | 'message' | 'details'>;

/** One line of the order list: enough to render a row without loading lines. */
export interface OrderSummary {
  orderType: string;
  orderNbr: string;
  status: string;
  date: string | null;
  customerId: string | null;
  customerOrder: string | null;
  shipToName: string | null;
  shipToCity: string | null;
  shipVia: string | null;
  lineCount: number;
  lastModified: string;
  firstImportedAt: number;
  updatedAt: number;
}

export interface OrderListQuery {
  limit: number;
  offset?: number;
  /** Matched (case-insensitive, substring) against number, customer, customer order, ship-to name. */
  search?: string;
  status?: string;
}

const summaryRow = z.object({
  order_type: text,
  order_nbr: text,
  status: text,
  order_date: nullableText,
  customer_id: nullableText,
  customer_order: nullableText,
  ship_to_business_name: nullableText,
  ship_to_city: nullableText,
  ship_via: nullableText,
  line_count: integer,
  last_modified: text,
  first_imported_at: integer,
  updated_at: integer,
});

const SUMMARY_COLUMNS = `order_type, order_nbr, status, order_date, customer_id, customer_order, ship_to_business_name,
  ship_to_city, ship_via, last_modified, first_imported_at, updated_at,
  json_array_length(lines) AS line_count`;

function toSummary(row: z.output<typeof summaryRow>): OrderSummary {
  return {
    orderType: row.order_type,
    orderNbr: row.order_nbr,
    status: row.status,
    date: row.order_date,
    customerId: row.customer_id,
    customerOrder: row.customer_order,
    shipToName: row.ship_to_business_name,
    shipToCity: row.ship_to_city,
    shipVia: row.ship_via,
    lineCount: row.line_count,
    lastModified: row.last_modified,
    firstImportedAt: row.first_imported_at,
    updatedAt: row.updated_at,
  };
}

export class OrderRepository {
  readonly #db: DatabaseSync;
  readonly #transaction: Transaction;
  readonly #activity: ActivityLog;
  readonly #upsert: OrderUpsert;
  readonly #selectKey: StatementSync;

  constructor(deps: RepositoryDeps) {
    this.#db = deps.db;
    this.#transaction = deps.transaction;
    this.#activity = deps.activity;
    this.#upsert = new OrderUpsert(deps);
    this.#selectKey = deps.db.prepare('SELECT 1 FROM orders WHERE order_type = ? AND order_nbr = ?');
  }

  /**
   * Stores a page of orders atomically (joining the caller's transaction if there is one).
   * Writes only new orders and newer versions; an update replaces the lines. Records one
   * 'orders.imported' activity entry per call that imported any, and 'order.status-changed' per
   * status change, so callers need not log them again.
   */
  upsertOrders(orders: readonly Order[]): UpsertResult<OrderKey> {
    return this.#transaction(() => this.#upsert.upsert(orders));
  }

  /** Most recently imported or updated first; `total` counts all matches for paging. */
  listOrders(query: OrderListQuery): { orders: OrderSummary[]; total: number } {
    const conditions: string[] = [];
    const params: (string | number)[] = [];
    if (query.status !== undefined) {
      conditions.push('status = ?');
      params.push(query.status);
    }
    const search = query.search?.trim();
    if (search) {
      const searchable = ['order_nbr', 'customer_id', 'customer_order', 'ship_to_business_name', 'description'];
      conditions.push(`(${searchable.map((c) => `${c} LIKE ? ESCAPE '\\'`).join(' OR ')})`);
      params.push(...searchable.map(() => likePattern(search)));
    }
    const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
    const rows = this.#db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM orders ${where} ORDER BY updated_at DESC, order_type, order_nbr LIMIT ? OFFSET ?`)
      .all(...params, query.limit, query.offset ?? 0);
    const total = this.#db.prepare(`SELECT count(*) AS n FROM orders ${where}`).get(...params);
    return {
      orders: parseRows(summaryRow, rows, 'orders').map(toSummary),
      total: Number(total?.['n'] ?? 0),
    };
  }

  getOrder(key: OrderKey): OrderDetail | undefined {
    const raw = this.#db
      .prepare(`SELECT ${ORDER_COLUMNS.join(', ')} FROM orders WHERE order_type = ? AND order_nbr = ?`)
      .get(key.orderType, key.orderNbr);
    if (raw === undefined) return undefined;
    const row = parseRow(orderRow, raw, 'orders');
    const shipmentNbrs = parseRows(
      z.object({ shipment_nbr: text }),
      this.#db
        .prepare('SELECT shipment_nbr FROM shipment_orders WHERE order_type = ? AND order_nbr = ? ORDER BY shipment_nbr')
        .all(key.orderType, key.orderNbr),
      'shipment_orders',
    ).map((r) => r.shipment_nbr);
    const subjects: ActivitySubject[] = [
      { type: 'order', ...key },
      ...shipmentNbrs.map((shipmentNbr): ActivitySubject => ({ type: 'shipment', shipmentNbr })),
    ];
    const order: StoredOrder = { ...orderFromRow(row), firstImportedAt: row.first_imported_at, updatedAt: row.updated_at };
    return { order, shipmentNbrs, timeline: withImport(this.#activity.listForSubjects(subjects, TIMELINE_LIMIT - 1), order) };
  }

  /** Summaries of the given orders (those the ledger holds), for live updates after an import. */
  summariesOf(keys: readonly OrderKey[]): OrderSummary[] {
    const statement = this.#db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM orders WHERE order_type = ? AND order_nbr = ?`);
    return keys.flatMap((key) => {
      const raw = statement.get(key.orderType, key.orderNbr);
      return raw === undefined ? [] : [toSummary(parseRow(summaryRow, raw, 'orders'))];
    });
  }

  /** Whether the ledger holds this order: the importer keeps following an order once it has it. */
  hasOrder(key: OrderKey): boolean {
    return this.#selectKey.get(key.orderType, key.orderNbr) !== undefined;
  }

  countAll(): number {
    return Number(this.#db.prepare('SELECT count(*) AS n FROM orders').get()?.['n'] ?? 0);
  }

  countImportedSince(since: number): number {
    return Number(this.#db.prepare('SELECT count(*) AS n FROM orders WHERE first_imported_at >= ?').get(since)?.['n'] ?? 0);
  }
}

const TIMELINE_LIMIT = 200;

/**
 * The import closes the timeline: it is derived from `first_imported_at` because imports are
 * logged per page, not per order. A ledger from before that still holds an 'order.imported' row.
 */
function withImport(entries: readonly ActivityEntry[], order: StoredOrder): TimelineEntry[] {
  if (entries.some((entry) => entry.kind === 'order.imported')) return [...entries];
  const imported: TimelineEntry = {
    at: order.firstImportedAt,
    level: 'info',
    kind: 'order.imported',
    message: `Imported order ${order.orderType} ${order.orderNbr}`,
    details: null,
  };
  // Newest first; an entry in the same millisecond as the import happened after it.
  const position = entries.findIndex((entry) => entry.at < order.firstImportedAt);
  const timeline: TimelineEntry[] = [...entries];
  timeline.splice(position === -1 ? timeline.length : position, 0, imported);
  return timeline;
}
