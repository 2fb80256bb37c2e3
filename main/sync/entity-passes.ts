// The three passes a cycle runs, as data: which entity, key, last-modified field, expansions, and
// how a page is stored. Orders are partitioned by order type so each partition pages on one key.
import { DEFAULT_EXPAND, LAST_MODIFIED_FIELD } from '../acumatica/entities.ts';
import { parseRecord } from '../acumatica/entity-parse.ts';
import { toOrder, toShipment, toStockItem } from '../acumatica/mappers.ts';
import { eq, or } from '../acumatica/odata-filter.ts';
import { SalesOrderWire, ShipmentWire, StockItemWire, type EntityRecordWire } from '../acumatica/wire.ts';
import type { Order, Shipment, StockItem } from '../acumatica/domain.ts';
import type { PassSpec } from './incremental-pass.ts';

export const PAGE_SIZE = 500;

export interface PassSinks {
  orders(items: Order[]): void;
  shipments(items: Shipment[]): void;
  stockItems(items: StockItem[]): void;
  reject(entity: string, record: EntityRecordWire, error: Error): void;
}

/**
 * One pass for all configured order types: lists are ordered by (OrderType, OrderNbr), so paging
 * on the compound key covers them with one request per page, and an idle cycle costs one request.
 * The cursor is named after the types: adding a type starts that set from the first-run window.
 */
export function orderPass(orderTypes: readonly string[], sinks: PassSinks, pageSize = PAGE_SIZE): PassSpec<Order> {
  return {
    name: orderCursorName(orderTypes),
    entity: 'SalesOrder',
    keyFields: ['OrderType', 'OrderNbr'],
    lastModifiedField: LAST_MODIFIED_FIELD.SalesOrder,
    scope: [or(...orderTypes.map((orderType) => eq('OrderType', orderType)))],
    expand: DEFAULT_EXPAND.SalesOrder,
    pageSize,
    map: (record) => toOrder(parseRecord(record, SalesOrderWire, describeOrder)),
    store: (items) => sinks.orders(items),
    reject: (record, error) => sinks.reject('SalesOrder', record, error),
  };
}

export function shipmentPass(sinks: PassSinks, pageSize = PAGE_SIZE): PassSpec<Shipment> {
  return {
    name: 'Shipment',
    entity: 'Shipment',
    keyFields: ['ShipmentNbr'],
    lastModifiedField: LAST_MODIFIED_FIELD.Shipment,
    scope: [],
    expand: DEFAULT_EXPAND.Shipment,
    pageSize,
    map: (record) => toShipment(parseRecord(record, ShipmentWire, describeShipment)),
    store: (items) => sinks.shipments(items),
    reject: (record, error) => sinks.reject('Shipment', record, error),
  };
}

/** Stock items changed since the cursor; the sink keeps only the SKUs our orders use. */
export function stockItemPass(sinks: PassSinks, pageSize = PAGE_SIZE): PassSpec<StockItem> {
  return {
    name: 'StockItem',
    entity: 'StockItem',
    keyFields: ['InventoryID'],
    lastModifiedField: LAST_MODIFIED_FIELD.StockItem,
    scope: [],
    expand: DEFAULT_EXPAND.StockItem,
    pageSize,
    map: (record) => toStockItem(parseRecord(record, StockItemWire, describeStockItem)),
    store: (items) => sinks.stockItems(items),
    reject: (record, error) => sinks.reject('StockItem', record, error),
  };
}

// Names for a record that failed its schema, built only then.
const describeOrder = (record: unknown) => `SalesOrder ${describeKey(record as EntityRecordWire, ['OrderType', 'OrderNbr'])}`;
const describeShipment = (record: unknown) => `Shipment ${describeKey(record as EntityRecordWire, ['ShipmentNbr'])}`;
const describeStockItem = (record: unknown) => `StockItem ${describeKey(record as EntityRecordWire, ['InventoryID'])}`;

export function orderCursorName(orderTypes: readonly string[]): string {
  return `SalesOrder:${[...orderTypes].sort().join(',')}`;
}

/** "SO SO001234" from a raw record, for naming a record that failed its schema. */
export function describeKey(record: EntityRecordWire, fields: readonly string[]): string {
  const values = fields.map((field) => {
    const wrapped = (record as Record<string, unknown>)[field];
    return wrapped && typeof wrapped === 'object' && 'value' in wrapped ? String(wrapped.value) : '?';
  });
  return values.join(' ');
}
