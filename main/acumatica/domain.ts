// Plain domain types the rest of the connector works with. The REST client maps Acumatica's
// value-wrapped wire format onto these; nothing past main/acumatica/ sees the wire format.
// Timestamps stay ISO 8601 strings exactly as Acumatica sent them (offset included), because
// cursors and idempotency keys must compare what the server said, not a re-rendered value.

export interface Address {
  addressLine1: string | null;
  addressLine2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
}

export interface Contact {
  attention: string | null;
  businessName: string | null;
  email: string | null;
  phone: string | null;
}

export interface OrderLine {
  lineNbr: number;
  inventoryId: string;
  description: string | null;
  quantity: number;
  uom: string | null;
  warehouseId: string | null;
  unitPrice: number | null;
}

export interface Order {
  id: string;
  orderType: string;
  orderNbr: string;
  status: string;
  date: string | null;
  requestedOn: string | null;
  customerId: string | null;
  customerOrder: string | null;
  description: string | null;
  shipVia: string | null;
  lastModified: string;
  shipTo: Address;
  shipToContact: Contact;
  lines: OrderLine[];
}

export interface ShipmentLine {
  orderType: string | null;
  orderNbr: string | null;
  inventoryId: string | null;
  shippedQty: number;
}

export interface Package {
  id: string | null;
  boxId: string | null;
  trackingNbr: string | null;
  weight: number | null;
}

export interface ShipmentOrderRef {
  orderType: string;
  orderNbr: string;
}

export interface Shipment {
  id: string;
  shipmentNbr: string;
  type: string | null;
  status: string;
  shipmentDate: string | null;
  customerId: string | null;
  warehouseId: string | null;
  shipVia: string | null;
  lastModified: string;
  lines: ShipmentLine[];
  packages: Package[];
  orders: ShipmentOrderRef[];
}

export interface StockItem {
  id: string;
  inventoryId: string;
  description: string | null;
  itemStatus: string | null;
  baseUom: string | null;
  defaultWarehouseId: string | null;
  lastModified: string | null;
}

/** The five values of DropStream's setup article, plus the secret's expiry the operator types in. */
export interface AcumaticaCredentials {
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
}
