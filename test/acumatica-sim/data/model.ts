// The simulator's internal records: plain objects with instants as epoch milliseconds. The wire
// format (value-wrapped fields, offsets, _links) is produced from these by rest/render.ts.

export interface AddressRecord {
  id: string;
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface ContactRecord {
  id: string;
  attention: string | null;
  businessName: string | null;
  email: string | null;
  phone1: string | null;
}

export interface OrderLineRecord {
  id: string;
  lineNbr: number;
  inventoryId: string;
  lineDescription: string | null;
  orderQty: number;
  uom: string;
  warehouseId: string;
  unitPrice: number;
}

export interface OrderRecord {
  id: string;
  orderType: string;
  orderNbr: string;
  status: string;
  date: number;
  requestedOn: number | null;
  customerId: string;
  customerOrder: string | null;
  description: string | null;
  shipVia: string | null;
  lastModified: number;
  note: string;
  shipTo: AddressRecord;
  shipToContact: ContactRecord;
  lines: OrderLineRecord[];
}

export interface ShipmentLineRecord {
  id: string;
  lineNbr: number;
  orderType: string;
  orderNbr: string;
  inventoryId: string;
  shippedQty: number;
}

export interface PackageRecord {
  id: string;
  lineNbr: number;
  boxId: string;
  trackingNbr: string | null;
  weight: number | null;
}

export interface ShipmentOrderRecord {
  id: string;
  orderType: string;
  orderNbr: string;
}

export interface ShipmentRecord {
  id: string;
  shipmentNbr: string;
  type: string;
  status: string;
  shipmentDate: number;
  customerId: string;
  warehouseId: string;
  shipVia: string | null;
  lastModified: number;
  note: string;
  lines: ShipmentLineRecord[];
  packages: PackageRecord[];
  orders: ShipmentOrderRecord[];
}

export interface WarehouseDetailRecord {
  id: string;
  warehouseId: string;
  qtyOnHand: number;
}

export interface StockItemRecord {
  id: string;
  inventoryId: string;
  description: string;
  itemStatus: string;
  baseUom: string;
  defaultWarehouseId: string;
  lastModified: number;
  note: string;
  warehouses: WarehouseDetailRecord[];
}

export interface CustomerRecord {
  customerId: string;
  name: string;
  email: string;
  phone: string;
  address: Omit<AddressRecord, 'id'>;
}

export const ORDER_STATUSES = ['Open', 'On Hold', 'Back Order', 'Completed', 'Cancelled'] as const;
export const SHIPMENT_STATUSES = ['Open', 'On Hold', 'Confirmed', 'Completed'] as const;
export const BOX_IDS = ['SMALL', 'MEDIUM', 'LARGE'] as const;
export const WAREHOUSES = ['WHOLESALE', 'RETAIL', 'EAST'] as const;
export const SHIP_VIAS = ['UPSGROUND', 'FEDEX2DAY', 'USPSPRIORITY', 'LOCAL'] as const;
