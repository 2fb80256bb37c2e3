import { z } from 'zod';
import type { Package, Shipment, ShipmentLine, ShipmentOrderRef } from '../acumatica/domain.ts';
import { integer, nullableNumber, nullableText, text } from './rows.ts';

// Row shapes and mapping for shipments and their three detail tables.

export const SHIPMENT_COLUMNS = [
  'shipment_nbr', 'acumatica_id', 'type', 'status', 'shipment_date', 'customer_id', 'warehouse_id',
  'ship_via', 'last_modified', 'last_modified_ms', 'first_imported_at', 'updated_at',
] as const;

export const shipmentRow = z.object({
  shipment_nbr: text,
  acumatica_id: text,
  type: nullableText,
  status: text,
  shipment_date: nullableText,
  customer_id: nullableText,
  warehouse_id: nullableText,
  ship_via: nullableText,
  last_modified: text,
  last_modified_ms: integer,
  first_imported_at: integer,
  updated_at: integer,
});
export type ShipmentRow = z.output<typeof shipmentRow>;

export const shipmentLineRow = z.object({
  order_type: nullableText,
  order_nbr: nullableText,
  inventory_id: nullableText,
  shipped_qty: z.number(),
});

export const shipmentPackageRow = z.object({
  package_id: nullableText,
  box_id: nullableText,
  tracking_nbr: nullableText,
  weight: nullableNumber,
});

export const shipmentOrderRow = z.object({ order_type: text, order_nbr: text });

export function shipmentParams(shipment: Shipment, lastModifiedMs: number): Record<string, string | number | null> {
  return {
    shipment_nbr: shipment.shipmentNbr,
    acumatica_id: shipment.id,
    type: shipment.type,
    status: shipment.status,
    shipment_date: shipment.shipmentDate,
    customer_id: shipment.customerId,
    warehouse_id: shipment.warehouseId,
    ship_via: shipment.shipVia,
    last_modified: shipment.lastModified,
    last_modified_ms: lastModifiedMs,
  };
}

export interface ShipmentDetails {
  lines: ShipmentLine[];
  packages: Package[];
  orders: ShipmentOrderRef[];
}

export function shipmentFromRow(row: ShipmentRow, details: ShipmentDetails): Shipment {
  return {
    id: row.acumatica_id,
    shipmentNbr: row.shipment_nbr,
    type: row.type,
    status: row.status,
    shipmentDate: row.shipment_date,
    customerId: row.customer_id,
    warehouseId: row.warehouse_id,
    shipVia: row.ship_via,
    lastModified: row.last_modified,
    ...details,
  };
}

export function shipmentLineFromRow(row: z.output<typeof shipmentLineRow>): ShipmentLine {
  return { orderType: row.order_type, orderNbr: row.order_nbr, inventoryId: row.inventory_id, shippedQty: row.shipped_qty };
}

export function packageFromRow(row: z.output<typeof shipmentPackageRow>): Package {
  return { id: row.package_id, boxId: row.box_id, trackingNbr: row.tracking_nbr, weight: row.weight };
}
