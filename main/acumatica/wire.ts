// Zod schemas for the bytes Acumatica sends. Entity fields are value-wrapped
// (`{"OrderNbr": {"value": "SO001234"}}`), and a null field may be absent, `{}` or
// `{"value": null}`. Nothing outside main/acumatica/ sees these shapes: mappers.ts turns them into
// the domain types.
import { z } from 'zod';

import {
  dateTimeValue, detail, entity, ISO_DATE_TIME, list, nullish, numberValue, object, optional, optionalKey, recordId, required, textValue, wholeNumberValue,
  type FieldsOutput, type Reader,
} from './wire-fields.ts';

const NUMERIC_STRING = /^-?\d+(?:\.\d+)?$/;

export const wireNumber = z.union([z.number(), z.string().regex(NUMERIC_STRING).transform(Number)]);
export const wireDateTime = z.string().regex(ISO_DATE_TIME, 'expected an ISO 8601 date-time');

// Entity records are read by wire-fields.ts readers (one zod step per record; see why there).
const text = textValue;

const recordWithId = object({ id: optionalKey(recordId) });
const anyRecord: Reader<EntityRecordWire> = (raw, parent, key, problems) => {
  const checked = recordWithId(raw, parent, key, problems);
  return checked === undefined ? checked : (raw as EntityRecordWire);
};
type Output<R> = R extends Reader<infer T> ? T : never;

const addressFields = {
  AddressLine1: optional(text),
  AddressLine2: optional(text),
  City: optional(text),
  State: optional(text),
  PostalCode: optional(text),
  Country: optional(text),
};
export type AddressWire = FieldsOutput<typeof addressFields> | null;

const contactFields = {
  Attention: optional(text),
  BusinessName: optional(text),
  Email: optional(text),
  Phone1: optional(text),
};
export type ContactWire = FieldsOutput<typeof contactFields> | null;

const salesOrderLine = object({
  LineNbr: required(wholeNumberValue),
  InventoryID: required(text),
  LineDescription: optional(text),
  OrderQty: required(numberValue),
  UOM: optional(text),
  WarehouseID: optional(text),
  UnitPrice: optional(numberValue),
});

const salesOrder = object({
  id: recordId,
  OrderType: required(text),
  OrderNbr: required(text),
  Status: required(text),
  Date: optional(dateTimeValue),
  RequestedOn: optional(dateTimeValue),
  CustomerID: optional(text),
  CustomerOrder: optional(text),
  Description: optional(text),
  ShipVia: optional(text),
  LastModified: required(dateTimeValue),
  ShipToAddress: nullish(object(addressFields)),
  ShipToContact: nullish(object(contactFields)),
  Details: detail(salesOrderLine),
});
export const SalesOrderWire = entity(salesOrder);
export type SalesOrderWire = Output<typeof salesOrder>;

const shipmentLine = object({
  OrderType: optional(text),
  OrderNbr: optional(text),
  InventoryID: optional(text),
  ShippedQty: optional(numberValue),
});

const shipmentPackage = object({
  id: nullish(recordId),
  BoxID: optional(text),
  TrackingNbr: optional(text),
  Weight: optional(numberValue),
});

const shipmentOrder = object({
  OrderType: required(text),
  OrderNbr: required(text),
});

const shipment = object({
  id: recordId,
  ShipmentNbr: required(text),
  Type: optional(text),
  Status: required(text),
  ShipmentDate: optional(dateTimeValue),
  CustomerID: optional(text),
  WarehouseID: optional(text),
  ShipVia: optional(text),
  LastModifiedDateTime: required(dateTimeValue),
  Details: detail(shipmentLine),
  Packages: detail(shipmentPackage),
  Orders: detail(shipmentOrder),
});
export const ShipmentWire = entity(shipment);
export type ShipmentWire = Output<typeof shipment>;

const stockItem = object({
  id: recordId,
  InventoryID: required(text),
  Description: optional(text),
  ItemStatus: optional(text),
  BaseUOM: optional(text),
  DefaultWarehouseID: optional(text),
  LastModified: optional(dateTimeValue),
});
export const StockItemWire = entity(stockItem);
export type StockItemWire = Output<typeof stockItem>;

/** Any entity record, before an entity schema has looked at it. */
export const EntityRecordWire = z.looseObject({ id: z.guid().optional() });
export type EntityRecordWire = z.output<typeof EntityRecordWire>;
/**
 * A list page: records checked like EntityRecordWire but passed on as they are, not copied; the
 * entity schema reads each one next, so a copy here (a looseObject copies every key) is waste.
 */
export const EntityListWire = entity(list(anyRecord));

/** `GET {base}/entity`. */
export const EndpointListWire = z.looseObject({
  version: z.looseObject({ acumaticaBuildVersion: z.string().optional() }).nullish(),
  endpoints: z.array(z.looseObject({ name: z.string(), version: z.string(), href: z.string().optional() })),
});
export type EndpointListWire = z.output<typeof EndpointListWire>;

/** A 500 (and some 4xx) body from the REST API. */
export const ApiErrorBodyWire = z.looseObject({
  message: z.string().optional(),
  exceptionMessage: z.string().optional(),
  exceptionType: z.string().optional(),
});

/** Success from `POST {base}/identity/connect/token`. `expires_in` sometimes arrives as a string. */
export const TokenResponseWire = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: wireNumber.pipe(z.number().positive()),
  scope: z.string().optional(),
  refresh_token: z.string().min(1).optional(),
});
export type TokenResponseWire = z.output<typeof TokenResponseWire>;

/** An OAuth error (RFC 6749 §5.2). */
export const OAuthErrorWire = z.looseObject({
  error: z.string().min(1),
  error_description: z.string().optional(),
});

/** Describes a zod failure by path, never echoing the values (which may be customer data). */
export function describeIssues(error: z.ZodError, limit = 3): string {
  const parts = error.issues.slice(0, limit).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > limit ? ` (+${error.issues.length - limit} more)` : '';
  return parts.join('; ') + more;
}
