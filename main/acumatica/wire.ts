// Zod schemas for the bytes Acumatica sends. Entity fields are value-wrapped
// (`{"OrderNbr": {"value": "SO001234"}}`), and a null field may be absent, `{}` or
// `{"value": null}`. Nothing outside main/acumatica/ sees these shapes: mappers.ts turns them into
// the domain types.
import { z } from 'zod';

const NUMERIC_STRING = /^-?\d+(?:\.\d+)?$/;
// ISO 8601 date-time; Acumatica sends an offset (not always Z), but date-only fields may lack one.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export const wireNumber = z.union([z.number(), z.string().regex(NUMERIC_STRING).transform(Number)]);
export const wireDateTime = z.string().regex(ISO_DATE_TIME, 'expected an ISO 8601 date-time');

/** An optional value-wrapped field: absent, `{}` and `{"value": null}` all become null. */
export function optional<T extends z.ZodType>(inner: T) {
  return z
    .looseObject({ value: inner.nullish() })
    .nullish()
    .transform((field): z.output<T> | null => field?.value ?? null);
}

/** A value-wrapped field the connector cannot work without. */
export function required<T extends z.ZodType>(inner: T) {
  return z.looseObject({ value: inner }).transform((field) => field.value as z.output<T>);
}

function detail<T extends z.ZodType>(row: T) {
  return z
    .array(row)
    .nullish()
    .transform((rows): z.output<T>[] => rows ?? []);
}

const text = z.string();
const recordId = z.guid();

export const AddressWire = z
  .looseObject({
    AddressLine1: optional(text),
    AddressLine2: optional(text),
    City: optional(text),
    State: optional(text),
    PostalCode: optional(text),
    Country: optional(text),
  })
  .nullish();

export const ContactWire = z
  .looseObject({
    Attention: optional(text),
    BusinessName: optional(text),
    Email: optional(text),
    Phone1: optional(text),
  })
  .nullish();

export const SalesOrderLineWire = z.looseObject({
  LineNbr: required(wireNumber),
  InventoryID: required(text),
  LineDescription: optional(text),
  OrderQty: required(wireNumber),
  UOM: optional(text),
  WarehouseID: optional(text),
  UnitPrice: optional(wireNumber),
});

export const SalesOrderWire = z.looseObject({
  id: recordId,
  OrderType: required(text),
  OrderNbr: required(text),
  Status: required(text),
  Date: optional(wireDateTime),
  RequestedOn: optional(wireDateTime),
  CustomerID: optional(text),
  CustomerOrder: optional(text),
  Description: optional(text),
  ShipVia: optional(text),
  LastModified: required(wireDateTime),
  ShipToAddress: AddressWire,
  ShipToContact: ContactWire,
  Details: detail(SalesOrderLineWire),
});
export type SalesOrderWire = z.output<typeof SalesOrderWire>;

export const ShipmentLineWire = z.looseObject({
  OrderType: optional(text),
  OrderNbr: optional(text),
  InventoryID: optional(text),
  ShippedQty: optional(wireNumber),
});

export const PackageWire = z.looseObject({
  id: recordId.nullish(),
  BoxID: optional(text),
  TrackingNbr: optional(text),
  Weight: optional(wireNumber),
});

export const ShipmentOrderWire = z.looseObject({
  OrderType: required(text),
  OrderNbr: required(text),
});

export const ShipmentWire = z.looseObject({
  id: recordId,
  ShipmentNbr: required(text),
  Type: optional(text),
  Status: required(text),
  ShipmentDate: optional(wireDateTime),
  CustomerID: optional(text),
  WarehouseID: optional(text),
  ShipVia: optional(text),
  LastModifiedDateTime: required(wireDateTime),
  Details: detail(ShipmentLineWire),
  Packages: detail(PackageWire),
  Orders: detail(ShipmentOrderWire),
});
export type ShipmentWire = z.output<typeof ShipmentWire>;

export const StockItemWire = z.looseObject({
  id: recordId,
  InventoryID: required(text),
  Description: optional(text),
  ItemStatus: optional(text),
  BaseUOM: optional(text),
  DefaultWarehouseID: optional(text),
  LastModified: optional(wireDateTime),
});
export type StockItemWire = z.output<typeof StockItemWire>;

/** Any entity record, before an entity schema has looked at it. */
export const EntityRecordWire = z.looseObject({ id: recordId.optional() });
export type EntityRecordWire = z.output<typeof EntityRecordWire>;
export const EntityListWire = z.array(EntityRecordWire);

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
