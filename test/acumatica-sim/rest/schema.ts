// What each entity exposes on the wire, per endpoint version: top-level fields (with their types,
// for $filter and rendering) and the nested objects / detail arrays $expand can name.
import type { Database } from '../data/database.ts';
import { shipmentKey, shipmentsOfOrder, orderKey, stockItemKey } from '../data/database.ts';
import type { OrderRecord, ShipmentRecord, StockItemRecord } from '../data/model.ts';
import type { RightsEntity } from '../identity/accounts.ts';

export type FieldType = 'string' | 'int' | 'decimal' | 'datetime' | 'date' | 'boolean';
export type RawValue = string | number | boolean | null;

export interface FieldDef<R> {
  type: FieldType;
  get(record: R): RawValue;
  /** First endpoint version that has the field. */
  since?: string;
}

/** The read side of a KeyedTable, which is all the REST handlers need. */
export interface RecordSource<R> {
  all(): readonly R[];
  get(key: string): R | undefined;
  getById(id: string): R | undefined;
}

export interface ChildRow {
  id: string;
  values: Record<string, RawValue>;
}

export interface ChildDef<R> {
  kind: 'object' | 'array';
  fields: Record<string, FieldType>;
  rows(record: R, db: Database): ChildRow[];
}

export interface EntityDef<R extends BaseRecord> {
  name: RightsEntity;
  formTitle: string;
  screenId: string;
  /** Graph and view used in the files:put link. */
  filesPath: string;
  keyFields: string[];
  fields: Record<string, FieldDef<R>>;
  children: Record<string, ChildDef<R>>;
  table(db: Database): RecordSource<R>;
  keyFromValues(values: string[]): string;
  keyValues(record: R): string[];
}

export const ENDPOINT_VERSIONS = ['20.200.001', '22.200.001', '23.200.001', '24.200.001'] as const;

const row = (id: string, values: Record<string, RawValue>): ChildRow => ({ id, values });

export const SALES_ORDER: EntityDef<OrderRecord> = {
  name: 'SalesOrder',
  formTitle: 'Sales Orders',
  screenId: 'SO301000',
  filesPath: 'PX.Objects.SO.SOOrderEntry/Document',
  keyFields: ['OrderType', 'OrderNbr'],
  fields: {
    OrderType: { type: 'string', get: (o) => o.orderType },
    OrderNbr: { type: 'string', get: (o) => o.orderNbr },
    Status: { type: 'string', get: (o) => o.status },
    Hold: { type: 'boolean', get: (o) => o.status === 'On Hold' },
    Date: { type: 'date', get: (o) => o.date },
    RequestedOn: { type: 'date', get: (o) => o.requestedOn },
    CustomerID: { type: 'string', get: (o) => o.customerId },
    CustomerOrder: { type: 'string', get: (o) => o.customerOrder },
    Description: { type: 'string', get: (o) => o.description },
    ShipVia: { type: 'string', get: (o) => o.shipVia },
    OrderTotal: { type: 'decimal', get: (o) => Math.round(o.lines.reduce((s, l) => s + l.orderQty * l.unitPrice, 0) * 100) / 100 },
    LastModified: { type: 'datetime', get: (o) => o.lastModified },
  },
  children: {
    ShipToAddress: {
      kind: 'object',
      fields: { AddressLine1: 'string', AddressLine2: 'string', City: 'string', State: 'string', PostalCode: 'string', Country: 'string' },
      rows: (o) => [row(o.shipTo.id, {
        AddressLine1: o.shipTo.addressLine1, AddressLine2: o.shipTo.addressLine2, City: o.shipTo.city,
        State: o.shipTo.state, PostalCode: o.shipTo.postalCode, Country: o.shipTo.country,
      })],
    },
    ShipToContact: {
      kind: 'object',
      fields: { Attention: 'string', BusinessName: 'string', Email: 'string', Phone1: 'string' },
      rows: (o) => [row(o.shipToContact.id, {
        Attention: o.shipToContact.attention, BusinessName: o.shipToContact.businessName,
        Email: o.shipToContact.email, Phone1: o.shipToContact.phone1,
      })],
    },
    Details: {
      kind: 'array',
      fields: { LineNbr: 'int', InventoryID: 'string', LineDescription: 'string', OrderQty: 'decimal', UOM: 'string', WarehouseID: 'string', UnitPrice: 'decimal' },
      rows: (o) => o.lines.map((l) => row(l.id, {
        LineNbr: l.lineNbr, InventoryID: l.inventoryId, LineDescription: l.lineDescription, OrderQty: l.orderQty,
        UOM: l.uom, WarehouseID: l.warehouseId, UnitPrice: l.unitPrice,
      })),
    },
    Shipments: {
      kind: 'array',
      fields: { ShipmentNbr: 'string', ShipmentType: 'string', Status: 'string', ShipmentDate: 'date' },
      rows: (o, db) => shipmentsOfOrder(db, o).map((s) => row(s.orders.find((r) => r.orderNbr === o.orderNbr)?.id ?? s.id, {
        ShipmentNbr: s.shipmentNbr, ShipmentType: s.type, Status: s.status, ShipmentDate: s.shipmentDate,
      })),
    },
  },
  table: (db) => db.orders,
  keyFromValues: ([type = '', nbr = '']) => orderKey(type, nbr),
  keyValues: (o) => [o.orderType, o.orderNbr],
};

export const SHIPMENT: EntityDef<ShipmentRecord> = {
  name: 'Shipment',
  formTitle: 'Shipments',
  screenId: 'SO302000',
  filesPath: 'PX.Objects.SO.SOShipmentEntry/Document',
  keyFields: ['ShipmentNbr'],
  fields: {
    ShipmentNbr: { type: 'string', get: (s) => s.shipmentNbr },
    Type: { type: 'string', get: (s) => s.type },
    Status: { type: 'string', get: (s) => s.status },
    Hold: { type: 'boolean', get: (s) => s.status === 'On Hold' },
    ShipmentDate: { type: 'date', get: (s) => s.shipmentDate },
    CustomerID: { type: 'string', get: (s) => s.customerId },
    WarehouseID: { type: 'string', get: (s) => s.warehouseId },
    ShipVia: { type: 'string', get: (s) => s.shipVia },
    LastModifiedDateTime: { type: 'datetime', get: (s) => s.lastModified },
  },
  children: {
    Details: {
      kind: 'array',
      fields: { LineNbr: 'int', OrderType: 'string', OrderNbr: 'string', InventoryID: 'string', ShippedQty: 'decimal' },
      rows: (s) => s.lines.map((l) => row(l.id, {
        LineNbr: l.lineNbr, OrderType: l.orderType, OrderNbr: l.orderNbr, InventoryID: l.inventoryId, ShippedQty: l.shippedQty,
      })),
    },
    Packages: {
      kind: 'array',
      fields: { LineNbr: 'int', BoxID: 'string', TrackingNbr: 'string', Weight: 'decimal' },
      rows: (s) => s.packages.map((p) => row(p.id, { LineNbr: p.lineNbr, BoxID: p.boxId, TrackingNbr: p.trackingNbr, Weight: p.weight })),
    },
    Orders: {
      kind: 'array',
      fields: { OrderType: 'string', OrderNbr: 'string', ShipmentNbr: 'string' },
      rows: (s) => s.orders.map((r) => row(r.id, { OrderType: r.orderType, OrderNbr: r.orderNbr, ShipmentNbr: s.shipmentNbr })),
    },
  },
  table: (db) => db.shipments,
  keyFromValues: ([nbr = '']) => shipmentKey(nbr),
  keyValues: (s) => [s.shipmentNbr],
};

export const STOCK_ITEM: EntityDef<StockItemRecord> = {
  name: 'StockItem',
  formTitle: 'Stock Items',
  screenId: 'IN202500',
  filesPath: 'PX.Objects.IN.InventoryItemMaint/Item',
  keyFields: ['InventoryID'],
  fields: {
    InventoryID: { type: 'string', get: (i) => i.inventoryId },
    Description: { type: 'string', get: (i) => i.description },
    ItemStatus: { type: 'string', get: (i) => i.itemStatus },
    BaseUOM: { type: 'string', get: (i) => i.baseUom },
    DefaultWarehouseID: { type: 'string', get: (i) => i.defaultWarehouseId },
    LastModified: { type: 'datetime', get: (i) => i.lastModified },
    LastModifiedDateTime: { type: 'datetime', get: (i) => i.lastModified, since: '24.200.001' },
  },
  children: {
    WarehouseDetails: {
      kind: 'array',
      fields: { WarehouseID: 'string', QtyOnHand: 'decimal' },
      rows: (i) => i.warehouses.map((w) => row(w.id, { WarehouseID: w.warehouseId, QtyOnHand: w.qtyOnHand })),
    },
  },
  table: (db) => db.stockItems,
  keyFromValues: ([id = '']) => stockItemKey(id),
  keyValues: (i) => [i.inventoryId],
};

export interface BaseRecord {
  id: string;
  note: string;
  lastModified: number;
}
// Methods (not function properties) make EntityDef bivariant in R, so the three defs share a type.
export type AnyEntityDef = EntityDef<BaseRecord>;

export const ENTITIES: Record<string, AnyEntityDef> = {
  SalesOrder: SALES_ORDER,
  Shipment: SHIPMENT,
  StockItem: STOCK_ITEM,
};

/** The field as the given endpoint version has it, or undefined when that version lacks it. */
export function fieldIn<R extends BaseRecord>(def: EntityDef<R>, name: string, version: string): FieldDef<R> | undefined {
  const field = Object.hasOwn(def.fields, name) ? def.fields[name] : undefined;
  if (!field) return undefined;
  if (field.since && version < field.since) return undefined;
  return field;
}
