// {base}/entity/Default/{version}/{Entity}[/...]: lists, GET by key or id, PUT and actions.
import type { SimState } from '../context.ts';
import { exception, json, NO_ENTITY, notFound, type SimResponse } from '../http/response.ts';
import type { UserRecord } from '../identity/accounts.ts';
import { pollAction, startAction } from './actions.ts';
import { parseListQuery, QueryError } from './query.ts';
import { renderRecord, type RenderContext } from './render.ts';
import { checkRight } from './rights.ts';
import { ENDPOINT_VERSIONS, ENTITIES, type AnyEntityDef, type BaseRecord } from './schema.ts';
import { putShipment } from './shipment-put.ts';

export interface EntityRequest {
  method: string;
  /** Path segments after {base}/entity/Default/, already URL-decoded. */
  segments: string[];
  fullPath: string;
  query: URLSearchParams;
  body: string;
  headers: Record<string, string | undefined>;
  user: UserRecord | undefined;
}

export interface EntityResult {
  response: SimResponse;
  /** Set for a successful list page, so between-pages hooks can run after it. */
  listPage?: { entity: string; count: number; skip: number; top: number | null };
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function handleEntityRequest(state: SimState, req: EntityRequest): EntityResult {
  const [version = '', entityName = '', ...rest] = req.segments;
  if (!(ENDPOINT_VERSIONS as readonly string[]).includes(version)) return { response: notFound(req.fullPath) };
  const def = Object.hasOwn(ENTITIES, entityName) ? ENTITIES[entityName] : undefined;
  if (!def) return { response: notFound(req.fullPath) };
  const ctx: RenderContext = {
    db: state.db,
    version,
    virtualDirectory: state.settings.virtualDirectory,
    utcOffsetMinutes: state.settings.utcOffsetMinutes,
  };
  try {
    if (req.method === 'GET') {
      const denied = checkRight(req.user, def, 'read');
      if (denied) return { response: denied };
      if (def.name === 'Shipment' && rest[0] === 'ConfirmShipment' && rest[1] === 'status' && rest[2]) {
        return { response: pollAction(state, rest[2]) };
      }
      if (rest.length === 0) return list(def, req, ctx);
      return { response: getOne(def, rest, req, ctx) };
    }
    const denied = checkRight(req.user, def, 'read') ?? checkRight(req.user, def, 'write');
    if (req.method === 'PUT' && rest.length === 0) {
      if (denied) return { response: denied };
      if (def.name !== 'Shipment') return { response: json(405, { message: `The simulator does not implement PUT ${def.name}.` }) };
      return { response: putShipment(state, req, ctx) };
    }
    if (req.method === 'POST' && def.name === 'Shipment' && rest.length === 1 && rest[0] === 'ConfirmShipment') {
      if (denied) return { response: denied };
      return { response: startAction(state, req, version) };
    }
    return { response: json(405, { message: `The requested resource does not support http method '${req.method}'.` }) };
  } catch (error) {
    if (error instanceof QueryError) return { response: exception(500, error.message, error.exceptionType) };
    throw error;
  }
}

function list(def: AnyEntityDef, req: EntityRequest, ctx: RenderContext): EntityResult {
  const query = parseListQuery(def, ctx.version, req.query);
  const out: unknown[] = [];
  let skipped = 0;
  // Records are already in key order; stop as soon as the page is full.
  for (const record of def.table(ctx.db).all()) {
    if (query.top !== null && out.length >= query.top) break;
    if (query.predicate && !query.predicate(record)) continue;
    if (skipped < query.skip) {
      skipped++;
      continue;
    }
    out.push(renderRecord(def, record, out.length + 1, query, ctx));
  }
  return {
    response: json(200, out),
    listPage: { entity: def.name, count: out.length, skip: query.skip, top: query.top },
  };
}

function getOne(def: AnyEntityDef, keys: string[], req: EntityRequest, ctx: RenderContext): SimResponse {
  const record = findRecord(def, keys, ctx);
  if (!record) return exception(500, NO_ENTITY, 'PX.Api.ContractBased.NoEntitySatisfiesTheConditionException');
  const query = parseListQuery(def, ctx.version, req.query);
  return json(200, renderRecord(def, record, 1, { expand: query.expand, select: query.select }, ctx));
}

export function findRecord(def: AnyEntityDef, keys: string[], ctx: { db: SimState['db'] }): BaseRecord | undefined {
  const table = def.table(ctx.db);
  if (keys.length === 1 && keys[0] && GUID.test(keys[0])) {
    const byId = table.getById(keys[0]);
    if (byId) return byId;
  }
  if (keys.length !== def.keyFields.length) return undefined;
  return table.get(def.keyFromValues(keys));
}

