// The Acumatica side of tracking writeback: reading an order's shipments, creating a shipment for
// an order that has none, and the words for what went wrong. The entity helpers in main/acumatica
// cover shipments; an order's shipment list and a new shipment go through the generic client.
import { z } from 'zod';
import type { Shipment } from '../acumatica/domain.ts';
import type { TrackingPackage } from '../acumatica/entities.ts';
import { parseRecord } from '../acumatica/entity-parse.ts';
import { asAcumaticaError, type AcumaticaError } from '../acumatica/errors.ts';
import { toShipment } from '../acumatica/mappers.ts';
import type { AcumaticaRestClient, Result } from '../acumatica/rest-client.ts';
import { ShipmentWire } from '../acumatica/wire.ts';

/** What the writer needs of AcumaticaEntities (which satisfies it), narrow so tests can wrap it. */
export interface TrackingEntities {
  getShipment(shipmentNbr: string): Promise<Result<Shipment>>;
  putShipmentPackages(shipmentId: string, packages: readonly TrackingPackage[]): Promise<Result<Shipment>>;
  confirmShipment(shipmentNbr: string): Promise<{ requests: number }>;
  client: Pick<AcumaticaRestClient, 'get' | 'put'>;
}

const value = <T extends z.ZodType>(schema: T) => z.object({ value: schema.nullish() }).nullish().transform((v) => v?.value ?? null);

/** The fields of a SalesOrder a new shipment needs, and its current shipments. */
const OrderForShipmentWire = z.object({
  CustomerID: value(z.string()),
  ShipVia: value(z.string()),
  Details: z.array(z.object({ WarehouseID: value(z.string()) })).nullish().transform((d) => d ?? []),
  Shipments: z.array(z.object({ ShipmentNbr: value(z.string()) })).nullish().transform((s) => s ?? []),
});

export interface OrderShipments {
  customerId: string | null;
  shipVia: string | null;
  warehouseId: string | null;
  shipmentNbrs: string[];
  requests: number;
}

/**
 * Asks Acumatica (not the ledger, which may lag a cycle) which shipments an order has: after a
 * crash between creating a shipment and marking the number posted, this is what finds it.
 */
export async function orderShipments(entities: TrackingEntities, orderType: string, orderNbr: string): Promise<OrderShipments> {
  const { record, requests } = await entities.client.get('SalesOrder', [orderType, orderNbr], { expand: ['Details', 'Shipments'] });
  const order = parseRecord(record, OrderForShipmentWire, `SalesOrder ${orderType} ${orderNbr}`);
  const nbrs = order.Shipments.map((s) => s.ShipmentNbr).filter((n): n is string => n !== null);
  return {
    customerId: order.CustomerID,
    shipVia: order.ShipVia,
    warehouseId: order.Details.map((d) => d.WarehouseID).find((w): w is string => w !== null) ?? null,
    shipmentNbrs: [...new Set(nbrs)],
    requests,
  };
}

/**
 * Creates a shipment for the order with its first package in one request (insert-only, so a
 * retried request can never overwrite another shipment). Each created shipment counts against
 * the licence's API transactions, which is why the caller puts this behind a setting.
 */
export async function createShipmentWithPackage(
  entities: TrackingEntities,
  order: { orderType: string; orderNbr: string } & Pick<OrderShipments, 'customerId' | 'shipVia' | 'warehouseId'>,
  pkg: TrackingPackage,
): Promise<Result<Shipment>> {
  const wrap = (v: unknown) => ({ value: v });
  const body: Record<string, unknown> = {
    CustomerID: wrap(order.customerId),
    ...(order.warehouseId ? { WarehouseID: wrap(order.warehouseId) } : {}),
    ...(order.shipVia ? { ShipVia: wrap(order.shipVia) } : {}),
    Orders: [{ OrderType: wrap(order.orderType), OrderNbr: wrap(order.orderNbr) }],
    Packages: [
      {
        TrackingNbr: wrap(pkg.trackingNbr),
        ...(pkg.boxId !== undefined ? { BoxID: wrap(pkg.boxId) } : {}),
        ...(pkg.weight !== undefined ? { Weight: wrap(pkg.weight) } : {}),
      },
    ],
  };
  const { record, requests } = await entities.client.put('Shipment', body, { expand: ['Details', 'Packages', 'Orders'], ifNoneMatch: '*' });
  return { record: toShipment(parseRecord(record, ShipmentWire, 'the created Shipment')), requests };
}

/** The same number written differently (case, padding) is the same parcel. */
export function sameTracking(a: string | null, b: string): boolean {
  return a !== null && a.trim().toUpperCase() === b.trim().toUpperCase();
}

export type WritePhase = 'read' | 'write' | 'confirm';

/**
 * Failures of the connection, not of the number being posted: a rejected secret or password, a
 * session Acumatica no longer accepts, our own unusable settings. Every number after it would
 * fail the same way, so the run stops with the numbers still queued.
 */
const CONNECTION_FAILURES: ReadonlySet<AcumaticaError['kind']> = new Set<AcumaticaError['kind']>([
  'unauthorized', 'credentials-rejected', 'secret-rejected', 'refresh-rejected', 'oauth-error', 'configuration',
]);

export function isConnectionFailure(kind: AcumaticaError['kind'] | null): boolean {
  return kind !== null && CONNECTION_FAILURES.has(kind);
}

/**
 * The operator-facing reason for a failure. A 403 names the exact right and where to grant it,
 * because "fails at runtime, not at setup" is the known trap of too few rights.
 */
export function failureReason(error: unknown, phase: WritePhase): { message: string; retryable: boolean; kind: AcumaticaError['kind'] } {
  const failure = asAcumaticaError(error);
  if (failure.kind === 'forbidden') {
    const form = failure.form?.id && failure.form.id !== 'SO302000' ? `${failure.form.name ?? 'the'} (${failure.form.id})` : null;
    const message = form
      ? `The integration user lacks access to the ${form} form. In Acumatica, open User Roles (SM201005), select the integration user's role and grant access to that form.`
      : phase === 'read'
        ? 'The integration user lacks Shipments read (SO302000). In Acumatica, open User Roles (SM201005), select the integration user\'s role and set Shipments (SO302000) to at least View Only.'
        : 'The integration user lacks Shipments write (SO302000). In Acumatica, open User Roles (SM201005), select the integration user\'s role and set Shipments (SO302000) to Edit (or Delete), then retry.';
    return { message, retryable: false, kind: failure.kind };
  }
  return { message: failure.message, retryable: failure.retryable, kind: failure.kind };
}
