// Builds OData `$filter` expressions and query strings the way Acumatica's contract-based API reads
// them. Values are rendered here, never concatenated by callers, so a quote in an order number or
// a `+` in a timestamp's offset cannot change the meaning of a filter.

declare const filterBrand: unique symbol;
/** A rendered `$filter` expression, only obtainable from the builders below. */
export type Filter = string & { readonly [filterBrand]: true };

/** A datetimeoffset literal: an ISO 8601 timestamp with an explicit offset or `Z`. */
export interface DateTimeOffset {
  readonly kind: 'datetimeoffset';
  readonly iso: string;
}

export type FilterValue = string | number | boolean | null | DateTimeOffset;
export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

const FIELD = /^[A-Za-z_][A-Za-z0-9_]*(?:\/[A-Za-z_][A-Za-z0-9_]*)*$/;
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** A datetimeoffset literal from an ISO string with offset (kept exactly as given) or a Date (rendered in UTC). */
export function dateTimeOffset(value: string | Date): DateTimeOffset {
  const iso = value instanceof Date ? value.toISOString() : value;
  if (!ISO_WITH_OFFSET.test(iso) || Number.isNaN(Date.parse(iso))) {
    throw new RangeError(`Not an ISO 8601 timestamp with an offset: ${JSON.stringify(iso)}`);
  }
  return { kind: 'datetimeoffset', iso };
}

function renderValue(value: FilterValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.replaceAll("'", "''")}'`;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new RangeError('A filter number must be finite');
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return `datetimeoffset'${value.iso}'`;
}

function checkField(field: string): string {
  if (!FIELD.test(field)) throw new RangeError(`Not a field name: ${JSON.stringify(field)}`);
  return field;
}

export function compare(field: string, operator: ComparisonOperator, value: FilterValue): Filter {
  return `${checkField(field)} ${operator} ${renderValue(value)}` as Filter;
}

export const eq = (field: string, value: FilterValue): Filter => compare(field, 'eq', value);
export const ne = (field: string, value: FilterValue): Filter => compare(field, 'ne', value);
export const gt = (field: string, value: FilterValue): Filter => compare(field, 'gt', value);
export const ge = (field: string, value: FilterValue): Filter => compare(field, 'ge', value);
export const lt = (field: string, value: FilterValue): Filter => compare(field, 'lt', value);
export const le = (field: string, value: FilterValue): Filter => compare(field, 'le', value);

function combine(operator: 'and' | 'or', parts: readonly Filter[]): Filter {
  if (parts.length === 0) throw new RangeError(`${operator}() needs at least one operand`);
  if (parts.length === 1) return parts[0] as Filter;
  return parts.map((part) => `(${part})`).join(` ${operator} `) as Filter;
}

export const and = (...parts: Filter[]): Filter => combine('and', parts);
export const or = (...parts: Filter[]): Filter => combine('or', parts);

export interface ListQuery {
  filter?: Filter;
  top?: number;
  skip?: number;
  expand?: readonly string[];
  select?: readonly string[];
}

function checkCount(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer`);
  return value;
}

/**
 * The query string (without `?`) for a list or get. Every value is percent-encoded, so `+` in an
 * offset arrives as `+` (not as a space) and `:`/`'` survive IIS and ASP.NET decoding.
 */
export function buildQueryString(query: ListQuery): string {
  const pairs: [string, string][] = [];
  if (query.filter !== undefined) pairs.push(['$filter', query.filter]);
  if (query.expand !== undefined && query.expand.length > 0) pairs.push(['$expand', query.expand.map(checkField).join(',')]);
  if (query.select !== undefined && query.select.length > 0) pairs.push(['$select', query.select.map(checkField).join(',')]);
  if (query.top !== undefined) pairs.push(['$top', String(checkCount('$top', query.top))]);
  if (query.skip !== undefined) pairs.push(['$skip', String(checkCount('$skip', query.skip))]);
  return pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
}
