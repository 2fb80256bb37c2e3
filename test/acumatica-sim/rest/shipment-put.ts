// PUT {base}/entity/Default/{v}/Shipment: Acumatica's upsert, used to write tracking numbers.
// A package with an id is updated, one without is added, {"delete": true} removes it. Failures
// are 422 with the record echoed and "error" on the failing fields.
import type { SimState } from '../context.ts';
import { indexShipment, orderKey } from '../data/database.ts';
import { BOX_IDS, type PackageRecord, type ShipmentRecord } from '../data/model.ts';
import { nextShipmentNbr } from '../data/database.ts';
import { exception, json, type SimResponse } from '../http/response.ts';
import type { EntityRequest } from './entity-routes.ts';
import { parseListQuery } from './query.ts';
import { renderRecord, type RenderContext } from './render.ts';
import { SHIPMENT } from './schema.ts';
import { isObject, markError, wireString, wireValue, type WireObject } from './wire-input.ts';

export function putShipment(state: SimState, req: EntityRequest, ctx: RenderContext): SimResponse {
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return json(400, { message: 'The request is invalid.' });
  }
  if (!isObject(body)) return json(400, { message: 'The request is invalid.' });
  const query = parseListQuery(SHIPMENT, ctx.version, req.query);
  const table = state.db.shipments;
  const id = typeof body.id === 'string' ? body.id : null;
  const nbr = wireString(body, 'ShipmentNbr');
  const existing = (id ? table.getById(id) : undefined) ?? (nbr ? table.get(SHIPMENT.keyFromValues([nbr])) : undefined);

  if (req.headers['if-match'] === '*' && !existing) return exception(412, 'The entity does not exist.', 'PX.Api.ContractBased.PreconditionFailedException');
  if (req.headers['if-none-match'] === '*' && existing) return exception(412, 'The entity already exists.', 'PX.Api.ContractBased.PreconditionFailedException');

  const echo = structuredClone(body);
  const errors: string[] = [];
  const fail = (target: WireObject, field: string, message: string): void => {
    markError(target, field, message);
    errors.push(message);
  };

  let shipment = existing;
  if (!shipment) {
    // Shipment numbers are auto-numbered: a number the system does not know cannot be inserted.
    if (nbr) fail(echo, 'ShipmentNbr', `Shipment '${nbr}' cannot be found in the system.`);
    const customerId = wireString(body, 'CustomerID');
    if (!customerId) fail(echo, 'CustomerID', "'Customer' cannot be empty.");
    if (errors.length) return unprocessable(echo);
    shipment = newShipment(state, customerId ?? '', body);
  }

  const packageErrors = validatePackages(shipment, body.Packages, echo, fail);
  if (packageErrors || errors.length) return unprocessable(echo);

  const now = state.clock.now();
  const shipVia = wireString(body, 'ShipVia');
  if (shipVia !== undefined) shipment.shipVia = shipVia;
  applyPackages(state, shipment, body.Packages);
  shipment.lastModified = now;
  if (!existing) {
    table.put(shipment);
    indexShipment(state.db, shipment);
  }
  return json(200, renderRecord(SHIPMENT, shipment, 1, { expand: query.expand, select: query.select }, ctx));
}

function unprocessable(echo: WireObject): SimResponse {
  return json(422, echo);
}

function newShipment(state: SimState, customerId: string, body: WireObject): ShipmentRecord {
  const rng = state.rng;
  const now = state.clock.now();
  const orders = Array.isArray(body.Orders) ? body.Orders.filter(isObject) : [];
  return {
    id: rng.guid(),
    shipmentNbr: nextShipmentNbr(state.db),
    type: 'Shipment',
    status: 'Open',
    shipmentDate: now,
    customerId,
    warehouseId: wireString(body, 'WarehouseID') ?? 'WHOLESALE',
    shipVia: wireString(body, 'ShipVia') ?? null,
    lastModified: now,
    note: '',
    lines: [],
    packages: [],
    orders: orders
      .map((o) => ({ id: rng.guid(), orderType: wireString(o, 'OrderType') ?? 'SO', orderNbr: wireString(o, 'OrderNbr') ?? '' }))
      .filter((o) => state.db.orders.get(orderKey(o.orderType, o.orderNbr))),
  };
}

function validatePackages(
  shipment: ShipmentRecord,
  packages: unknown,
  echo: WireObject,
  fail: (target: WireObject, field: string, message: string) => void,
): boolean {
  if (packages === undefined) return false;
  const echoed = Array.isArray(echo.Packages) ? echo.Packages : [];
  if (!Array.isArray(packages)) {
    echo.error = 'Packages must be an array.';
    return true;
  }
  let failed = false;
  packages.forEach((row, i) => {
    const target = echoed[i];
    if (!isObject(row) || !isObject(target)) return;
    const rowId = typeof row.id === 'string' ? row.id.toLowerCase() : null;
    if (rowId && !shipment.packages.some((p) => p.id === rowId)) {
      target.error = `The package '${row.id as string}' was not found in shipment ${shipment.shipmentNbr}.`;
      failed = true;
      return;
    }
    const boxId = wireString(row, 'BoxID');
    if (!rowId && !boxId && row.delete !== true) {
      fail(target, 'BoxID', "'Box ID' cannot be empty.");
      failed = true;
    } else if (boxId && !(BOX_IDS as readonly string[]).includes(boxId.toUpperCase())) {
      fail(target, 'BoxID', `'Box ID' cannot be found in the system: ${boxId}.`);
      failed = true;
    }
    const weight = wireValue(row, 'Weight');
    if (weight !== undefined && weight !== null && (typeof weight !== 'number' || weight < 0)) {
      fail(target, 'Weight', "'Weight' must be a non-negative number.");
      failed = true;
    }
    const tracking = wireString(row, 'TrackingNbr');
    if (tracking && tracking.length > 255) {
      fail(target, 'TrackingNbr', "'Tracking Number' is too long (255 characters at most).");
      failed = true;
    }
  });
  return failed;
}

function applyPackages(state: SimState, shipment: ShipmentRecord, packages: unknown): void {
  if (!Array.isArray(packages)) return;
  for (const row of packages) {
    if (!isObject(row)) continue;
    const rowId = typeof row.id === 'string' ? row.id.toLowerCase() : null;
    const existing = rowId ? shipment.packages.find((p) => p.id === rowId) : undefined;
    if (existing && row.delete === true) {
      shipment.packages = shipment.packages.filter((p) => p !== existing);
      continue;
    }
    const target: PackageRecord = existing ?? {
      id: state.rng.guid(),
      lineNbr: Math.max(0, ...shipment.packages.map((p) => p.lineNbr)) + 1,
      boxId: '',
      trackingNbr: null,
      weight: null,
    };
    const boxId = wireString(row, 'BoxID');
    if (boxId) target.boxId = boxId.toUpperCase();
    const tracking = wireString(row, 'TrackingNbr');
    if (tracking !== undefined) target.trackingNbr = tracking;
    const weight = wireValue(row, 'Weight');
    if (typeof weight === 'number') target.weight = weight;
    if (!existing) shipment.packages.push(target);
  }
}
