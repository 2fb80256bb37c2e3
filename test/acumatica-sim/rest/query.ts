// Validates $filter/$expand/$select/$top/$skip against an entity and version. Anything unknown
// is Acumatica's 500 (not a 400), which is what a client asking for the wrong field gets.
import { FilterSyntaxError, filterFields, parseFilter, type FilterExpr, type Literal } from './odata-filter.ts';
import { fieldIn, type AnyEntityDef, type BaseRecord, type FieldType, type RawValue } from './schema.ts';

export class QueryError extends Error {
  readonly exceptionType: string;
  constructor(message: string, exceptionType = 'PX.Api.ContractBased.InvalidQueryException') {
    super(message);
    this.exceptionType = exceptionType;
  }
}

export interface Selection {
  /** Top-level fields to render; null = all. */
  top: Set<string> | null;
  /** Per child: the child fields to render; null = all of them. */
  children: Map<string, Set<string> | null>;
}

export interface ListQuery {
  predicate: ((record: BaseRecord) => boolean) | null;
  expand: Set<string>;
  select: Selection | null;
  top: number | null;
  skip: number;
}

export function parseListQuery(def: AnyEntityDef, version: string, params: URLSearchParams): ListQuery {
  const expand = parseExpand(def, params.get('$expand'));
  return {
    predicate: compileFilter(def, version, params.get('$filter')),
    expand,
    select: parseSelect(def, version, params.get('$select')),
    top: parseCount('$top', params.get('$top')),
    skip: parseCount('$skip', params.get('$skip')) ?? 0,
  };
}

export function parseExpand(def: AnyEntityDef, raw: string | null): Set<string> {
  const names = splitList(raw);
  for (const name of names) {
    if (!Object.hasOwn(def.children, name)) throw new QueryError(`The entity '${def.name}' does not have the '${name}' field to expand.`);
  }
  return new Set(names);
}

function parseSelect(def: AnyEntityDef, version: string, raw: string | null): Selection | null {
  if (raw === null) return null;
  const selection: Selection = { top: new Set(), children: new Map() };
  for (const path of splitList(raw)) {
    const [head = '', sub] = path.split('/', 2);
    if (Object.hasOwn(def.children, head)) {
      const child = def.children[head];
      if (sub === undefined) {
        selection.children.set(head, null);
        continue;
      }
      if (!child || !Object.hasOwn(child.fields, sub)) throw unknownField(def.name, path);
      const current = selection.children.get(head);
      if (current !== null) selection.children.set(head, new Set([...(current ?? []), sub]));
      continue;
    }
    if (sub !== undefined || !fieldIn(def, head, version)) throw unknownField(def.name, path);
    selection.top?.add(head);
  }
  return selection;
}

function parseCount(name: string, raw: string | null): number | null {
  if (raw === null) return null;
  if (!/^\d+$/.test(raw)) throw new QueryError(`Invalid value '${raw}' for ${name}.`);
  return Number.parseInt(raw, 10);
}

function splitList(raw: string | null): string[] {
  if (raw === null) return [];
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

export function unknownField(entity: string, field: string): QueryError {
  return new QueryError(`Field '${field}' is not found in the entity '${entity}'.`, 'PX.Api.ContractBased.FieldNotFoundException');
}

function compileFilter(def: AnyEntityDef, version: string, raw: string | null): ((record: BaseRecord) => boolean) | null {
  if (raw === null || raw.trim() === '') return null;
  let expr: FilterExpr;
  try {
    expr = parseFilter(raw);
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw new QueryError(`Invalid $filter: ${error.message}.`, 'Microsoft.Data.OData.ODataException');
    throw error;
  }
  for (const name of filterFields(expr)) if (!fieldIn(def, name, version)) throw unknownField(def.name, name);
  return compileExpr(def, version, expr);
}

function compileExpr(def: AnyEntityDef, version: string, expr: FilterExpr): (record: BaseRecord) => boolean {
  switch (expr.kind) {
    case 'and': {
      const [l, r] = [compileExpr(def, version, expr.left), compileExpr(def, version, expr.right)];
      return (rec) => l(rec) && r(rec);
    }
    case 'or': {
      const [l, r] = [compileExpr(def, version, expr.left), compileExpr(def, version, expr.right)];
      return (rec) => l(rec) || r(rec);
    }
    case 'not': {
      const inner = compileExpr(def, version, expr.expr);
      return (rec) => !inner(rec);
    }
    case 'compare': {
      const field = fieldIn(def, expr.field, version);
      if (!field) throw unknownField(def.name, expr.field);
      const op = expr.op;
      if (expr.value.type === 'null') {
        if (op !== 'eq' && op !== 'ne') return () => false;
        return (rec) => (field.get(rec) === null) === (op === 'eq');
      }
      const target = coerce(field.type, expr.value, expr.field);
      return (rec) => {
        const value = normalise(field.type, field.get(rec));
        if (value === null) return op === 'ne';
        const c = value < target ? -1 : value > target ? 1 : 0;
        switch (op) {
          case 'eq': return c === 0;
          case 'ne': return c !== 0;
          case 'gt': return c > 0;
          case 'ge': return c >= 0;
          case 'lt': return c < 0;
          case 'le': return c <= 0;
        }
      };
    }
  }
}

// Strings compare case-insensitively, as SQL Server's default collation does.
function normalise(type: FieldType, value: RawValue): string | number | null {
  if (value === null) return null;
  if (type === 'string') return String(value).toUpperCase();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return typeof value === 'number' ? value : Number(value);
}

function coerce(type: FieldType, literal: Exclude<Literal, { type: 'null' }>, field: string): string | number {
  const mismatch = (): QueryError => new QueryError(`Operand types do not match for the field '${field}'.`, 'Microsoft.Data.OData.ODataException');
  switch (type) {
    case 'string':
      if (literal.type === 'string') return literal.value.toUpperCase();
      if (literal.type === 'number') return String(literal.value);
      throw mismatch();
    case 'datetime':
    case 'date': {
      if (literal.type === 'datetime') return literal.ms;
      if (literal.type === 'string' && !Number.isNaN(Date.parse(literal.value))) return Date.parse(literal.value);
      throw mismatch();
    }
    case 'int':
    case 'decimal':
      if (literal.type === 'number') return literal.value;
      if (literal.type === 'string' && literal.value.trim() !== '' && !Number.isNaN(Number(literal.value))) return Number(literal.value);
      throw mismatch();
    case 'boolean':
      if (literal.type === 'boolean') return literal.value ? 1 : 0;
      throw mismatch();
  }
}
