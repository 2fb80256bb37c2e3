// Orders and activity as the UI lists them. Plain data: no secret ever appears in a record.
import { z } from 'zod';

export const ShipTo = z.object({
  addressLine1: z.string().nullable(),
  addressLine2: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  postalCode: z.string().nullable(),
  country: z.string().nullable(),
});

export const OrderLineView = z.object({
  lineNbr: z.number().int(),
  inventoryId: z.string(),
  description: z.string().nullable(),
  quantity: z.number(),
  uom: z.string().nullable(),
  warehouseId: z.string().nullable(),
});

export const OrderSummary = z.object({
  orderType: z.string(),
  orderNbr: z.string(),
  status: z.string(),
  customerId: z.string().nullable(),
  shipToCity: z.string().nullable(),
  lineCount: z.number().int(),
  lastModified: z.string(),
  importedAt: z.string(),
  updatedAt: z.string(),
});
export type OrderSummary = z.infer<typeof OrderSummary>;

export const TimelineEntry = z.object({
  at: z.string(),
  kind: z.string(),
  message: z.string(),
});

export const OrderDetail = OrderSummary.extend({
  date: z.string().nullable(),
  customerOrder: z.string().nullable(),
  shipVia: z.string().nullable(),
  shipTo: ShipTo,
  lines: z.array(OrderLineView),
  timeline: z.array(TimelineEntry),
});
export type OrderDetail = z.infer<typeof OrderDetail>;

export const ActivityEntry = z.object({
  id: z.number().int(),
  at: z.string(),
  level: z.enum(['info', 'warn', 'error']),
  kind: z.string(),
  message: z.string(),
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;

export const OrderQuery = z.strictObject({
  text: z.string().max(200).default(''),
  status: z.string().max(50).nullable().default(null),
  limit: z.number().int().min(1).max(1000).default(200),
  offset: z.number().int().min(0).default(0),
});
export type OrderQuery = z.input<typeof OrderQuery>;

export const OrderKey = z.strictObject({
  orderType: z.string().trim().min(1).max(10),
  orderNbr: z.string().trim().min(1).max(30),
});
export type OrderKey = z.infer<typeof OrderKey>;
