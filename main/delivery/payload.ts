// The normalised order and shipment that destinations receive (webhook body, exported file).
// Versioned: receivers switch on `schemaVersion`; a field is only ever added within a version,
// anything else needs schemaVersion 2. Documented field by field in docs/webhook-payload.md.
//
// Built from the ledger's CURRENT version of a record: the ledger keeps no history, so the
// idempotency key always names the version whose data is in the body (entity, keys, lastModified).
import { z } from 'zod';
import type { StoredOrder, StoredShipment } from '../store/index.ts';
import { outboxIdempotencyKey } from '../store/index.ts';

export const PAYLOAD_SCHEMA_VERSION = 1;

const nullableText = z.string().nullable();

export const AddressPayload = z.object({
  addressLine1: nullableText,
  addressLine2: nullableText,
  city: nullableText,
  state: nullableText,
  postalCode: nullableText,
  country: nullableText,
});

export const ContactPayload = z.object({
  attention: nullableText,
  businessName: nullableText,
  email: nullableText,
  phone: nullableText,
});

export const OrderLinePayload = z.object({
  lineNbr: z.number().int(),
  inventoryId: z.string(),
  description: nullableText,
  quantity: z.number(),
  uom: nullableText,
  warehouseId: nullableText,
  unitPrice: z.number().nullable(),
});

export const OrderPayload = z.object({
  schemaVersion: z.literal(PAYLOAD_SCHEMA_VERSION),
  entity: z.literal('order'),
  idempotencyKey: z.string().min(1),
  order: z.object({
    id: z.string(),
    orderType: z.string(),
    orderNbr: z.string(),
    status: z.string(),
    date: nullableText,
    requestedOn: nullableText,
    customerId: nullableText,
    customerOrder: nullableText,
    description: nullableText,
    shipVia: nullableText,
    lastModified: z.string(),
    shipTo: AddressPayload,
    contact: ContactPayload,
    lines: z.array(OrderLinePayload),
    shipmentNbrs: z.array(z.string()),
  }),
});

export const PackagePayload = z.object({
  id: nullableText,
  boxId: nullableText,
  trackingNbr: nullableText,
  weight: z.number().nullable(),
});

export const ShipmentPayload = z.object({
  schemaVersion: z.literal(PAYLOAD_SCHEMA_VERSION),
  entity: z.literal('shipment'),
  idempotencyKey: z.string().min(1),
  shipment: z.object({
    id: z.string(),
    shipmentNbr: z.string(),
    type: nullableText,
    status: z.string(),
    shipmentDate: nullableText,
    customerId: nullableText,
    warehouseId: nullableText,
    shipVia: nullableText,
    lastModified: z.string(),
    lines: z.array(
      z.object({ orderType: nullableText, orderNbr: nullableText, inventoryId: nullableText, shippedQty: z.number() }),
    ),
    packages: z.array(PackagePayload),
    orders: z.array(z.object({ orderType: z.string(), orderNbr: z.string() })),
  }),
});

export const DeliveryPayload = z.discriminatedUnion('entity', [OrderPayload, ShipmentPayload]);
export type OrderPayload = z.infer<typeof OrderPayload>;
export type ShipmentPayload = z.infer<typeof ShipmentPayload>;
export type DeliveryPayload = z.infer<typeof DeliveryPayload>;

export function orderPayload(order: StoredOrder, shipmentNbrs: readonly string[]): OrderPayload {
  const { orderType, orderNbr, lastModified } = order;
  // Parsed, not just typed: a field that drifts from the documented schema fails here, loudly,
  // rather than reaching a receiver.
  return OrderPayload.parse({
    schemaVersion: PAYLOAD_SCHEMA_VERSION,
    entity: 'order',
    idempotencyKey: outboxIdempotencyKey({ entity: 'order', orderType, orderNbr, lastModified }),
    order: {
      id: order.id,
      orderType,
      orderNbr,
      status: order.status,
      date: order.date,
      requestedOn: order.requestedOn,
      customerId: order.customerId,
      customerOrder: order.customerOrder,
      description: order.description,
      shipVia: order.shipVia,
      lastModified,
      shipTo: order.shipTo,
      contact: order.shipToContact,
      lines: order.lines,
      shipmentNbrs: [...shipmentNbrs],
    },
  });
}

export function shipmentPayload(shipment: StoredShipment): ShipmentPayload {
  const { shipmentNbr, lastModified } = shipment;
  return ShipmentPayload.parse({
    schemaVersion: PAYLOAD_SCHEMA_VERSION,
    entity: 'shipment',
    idempotencyKey: outboxIdempotencyKey({ entity: 'shipment', shipmentNbr, lastModified }),
    shipment: {
      id: shipment.id,
      shipmentNbr,
      type: shipment.type,
      status: shipment.status,
      shipmentDate: shipment.shipmentDate,
      customerId: shipment.customerId,
      warehouseId: shipment.warehouseId,
      shipVia: shipment.shipVia,
      lastModified,
      lines: shipment.lines,
      packages: shipment.packages,
      orders: shipment.orders,
    },
  });
}

/** The ledger reads a payload needs; narrow so tests can wrap them. */
export interface PayloadSource {
  orders: { getOrder(key: { orderType: string; orderNbr: string }): { order: StoredOrder; shipmentNbrs: string[] } | undefined };
  shipments: { getShipment(shipmentNbr: string): StoredShipment | undefined };
}

/**
 * The payload for an outbox record key ('SO/SO001234' or a shipment number), or undefined when
 * the ledger no longer holds the record (pruned).
 */
export function payloadFor(ledger: PayloadSource, entity: 'order' | 'shipment', recordKey: string): DeliveryPayload | undefined {
  if (entity === 'shipment') {
    const shipment = ledger.shipments.getShipment(recordKey);
    return shipment === undefined ? undefined : shipmentPayload(shipment);
  }
  // Order types are two characters and never contain '/', so the first '/' splits the key.
  const slash = recordKey.indexOf('/');
  if (slash <= 0) return undefined;
  const detail = ledger.orders.getOrder({ orderType: recordKey.slice(0, slash), orderNbr: recordKey.slice(slash + 1) });
  return detail === undefined ? undefined : orderPayload(detail.order, detail.shipmentNbrs);
}
