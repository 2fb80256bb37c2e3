// The three passes a cycle runs, as data: which entity, last-modified field, expansions, and how a
// page is stored. Orders are partitioned by order type so each partition pages on one key. How a
// record is read and keyed is page-decode.ts's.
import { DEFAULT_EXPAND, LAST_MODIFIED_FIELD } from '../acumatica/entities.ts';
import { eq, or } from '../acumatica/odata-filter.ts';
import type { Order, Shipment, StockItem } from '../acumatica/domain.ts';
import type { PassSpec } from './incremental-pass.ts';
import type { ListEntity, RejectedRecord } from './page-decode.ts';

export const PAGE_SIZE = 500;

export interface PassSinks {
  orders(items: Order[]): void;
  shipments(items: Shipment[]): void;
  stockItems(items: StockItem[]): void;
  reject(entity: ListEntity, record: RejectedRecord): void;
}

/**
 * One pass for all configured order types: lists are ordered by (OrderType, OrderNbr), so paging
 * on the compound key covers them with one request per page, and an idle cycle costs one request.
 * The cursor is named after the types: adding a type starts that set from the first-run window.
 */
export function orderPass(orderTypes: readonly string[], sinks: PassSinks, pageSize = PAGE_SIZE): PassSpec<'SalesOrder'> {
  return {
    name: orderCursorName(orderTypes),
    entity: 'SalesOrder',
    lastModifiedField: LAST_MODIFIED_FIELD.SalesOrder,
    scope: [or(...orderTypes.map((orderType) => eq('OrderType', orderType)))],
    expand: DEFAULT_EXPAND.SalesOrder,
    pageSize,
    store: (items) => sinks.orders(items),
    reject: (record) => sinks.reject('SalesOrder', record),
  };
}

export function shipmentPass(sinks: PassSinks, pageSize = PAGE_SIZE): PassSpec<'Shipment'> {
  return {
    name: 'Shipment',
    entity: 'Shipment',
    lastModifiedField: LAST_MODIFIED_FIELD.Shipment,
    scope: [],
    expand: DEFAULT_EXPAND.Shipment,
    pageSize,
    store: (items) => sinks.shipments(items),
    reject: (record) => sinks.reject('Shipment', record),
  };
}

/** Stock items changed since the cursor; the sink keeps only the SKUs our orders use. */
export function stockItemPass(sinks: PassSinks, pageSize = PAGE_SIZE): PassSpec<'StockItem'> {
  return {
    name: 'StockItem',
    entity: 'StockItem',
    lastModifiedField: LAST_MODIFIED_FIELD.StockItem,
    scope: [],
    expand: DEFAULT_EXPAND.StockItem,
    pageSize,
    store: (items) => sinks.stockItems(items),
    reject: (record) => sinks.reject('StockItem', record),
  };
}

export function orderCursorName(orderTypes: readonly string[]): string {
  // Once each, as the settings keep them, so a list stored with a repeat names the same cursor.
  return `SalesOrder:${[...new Set(orderTypes)].sort().join(',')}`;
}
