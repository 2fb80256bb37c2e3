// POST .../Shipment/ConfirmShipment: a long-running action. It answers 202 with a server-relative
// Location; polling that answers 202 a few times (settings.actionPolls), then 204 when done, or
// 500 when the action failed.
import { randomUUID } from 'node:crypto';
import type { ActionOperation, SimState } from '../context.ts';
import { exception, empty, json, NO_ENTITY, type SimResponse } from '../http/response.ts';
import type { EntityRequest } from './entity-routes.ts';
import { SHIPMENT } from './schema.ts';
import { isObject, wireString } from './wire-input.ts';

export function startAction(state: SimState, req: EntityRequest, version: string): SimResponse {
  let body: unknown;
  try {
    body = JSON.parse(req.body);
  } catch {
    return json(400, { message: 'The request is invalid.' });
  }
  const entity = isObject(body) && isObject(body.entity) ? body.entity : null;
  if (!entity) return json(400, { message: "The request body must have an 'entity'." });
  const id = typeof entity.id === 'string' ? entity.id : null;
  const nbr = wireString(entity, 'ShipmentNbr');
  const shipment = (id ? state.db.shipments.getById(id) : undefined) ?? (nbr ? state.db.shipments.get(SHIPMENT.keyFromValues([nbr])) : undefined);
  if (!shipment) return exception(500, NO_ENTITY, 'PX.Api.ContractBased.NoEntitySatisfiesTheConditionException');
  const operation: ActionOperation = {
    id: randomUUID(),
    action: 'ConfirmShipment',
    shipmentNbr: shipment.shipmentNbr,
    version,
    pollsLeft: state.settings.actionPolls,
    result: null,
  };
  state.operations.set(operation.id, operation);
  if (operation.pollsLeft === 0) return finish(state, operation.id);
  return empty(202, { location: statusPath(state, version, operation.id) });
}

export function pollAction(state: SimState, operationId: string): SimResponse {
  const operation = state.operations.get(operationId);
  if (!operation) return json(404, { message: 'The operation was not found.' });
  if (operation.result) return resultResponse(operation.result);
  if (operation.pollsLeft > 0) operation.pollsLeft--;
  if (operation.pollsLeft > 0) return empty(202, { location: statusPath(state, operation.version, operation.id) });
  return finish(state, operationId);
}

function finish(state: SimState, operationId: string): SimResponse {
  const operation = state.operations.get(operationId);
  if (!operation) return json(404, { message: 'The operation was not found.' });
  const shipment = state.db.shipments.get(SHIPMENT.keyFromValues([operation.shipmentNbr]));
  if (!shipment) operation.result = { status: 500, message: NO_ENTITY };
  else if (shipment.status === 'On Hold') operation.result = { status: 500, message: 'The shipment is on hold and cannot be confirmed.' };
  else if (shipment.status !== 'Open') operation.result = { status: 500, message: `The shipment ${shipment.shipmentNbr} has already been confirmed.` };
  else {
    shipment.status = 'Confirmed';
    shipment.lastModified = state.clock.now();
    operation.result = { status: 204 };
  }
  return resultResponse(operation.result);
}

function resultResponse(result: NonNullable<ActionOperation['result']>): SimResponse {
  return result.status === 204 ? empty(204) : exception(500, result.message, 'PX.Data.PXException');
}

function statusPath(state: SimState, version: string, operationId: string): string {
  return `${state.settings.virtualDirectory}/entity/Default/${version}/Shipment/ConfirmShipment/status/${operationId}`;
}
