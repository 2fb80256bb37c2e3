// Readers for Acumatica's value-wrapped entity records (`{"OrderNbr": {"value": "SO001234"}}`),
// composed into ONE zod schema per entity. Built from zod objects, a 500-order page ran ~25,000
// zod parses (every field is an object around a value), each copying its object and allocating
// payloads: 0.45 s of CPU per 20,000 orders, about as much as storing them. These readers are
// plain functions over the parsed JSON; the entity schema stays a zod schema, and a record that
// breaks it fails with zod issues that name the path (never the value).
import { z } from 'zod';

/** Where a reader found a problem; collected so one record reports all of them. */
export interface Problem {
  path: PropertyKey[];
  message: string;
}

/**
 * Reads one field from its raw JSON; on a problem it reports it and returns a placeholder. The
 * field's path is `[...parent, key]`, built only for a problem or a nested object: most fields
 * are read without allocating anything.
 */
export type Reader<T> = (raw: unknown, parent: readonly PropertyKey[], key: PropertyKey | undefined, problems: Problem[]) => T;

/**
 * The parent path of a read that only asks whether a record fits (readFitting): paths are built
 * for nothing under it. Built eagerly, the nested objects' and lines' paths were over a tenth of the
 * bytes a backfill allocated (39 of 334 MB per 20,000 orders), all of it garbage for a record that fits.
 */
const UNTRACKED: readonly PropertyKey[] = Object.freeze([]);

function pathOf(parent: readonly PropertyKey[], key: PropertyKey | undefined): PropertyKey[] {
  if (parent === UNTRACKED) return UNTRACKED as PropertyKey[];
  return key === undefined ? [...parent] : [...parent, key];
}

/** A bare value inside the wrapper: returns undefined when the value has the wrong type. */
export interface ValueKind<T> {
  expected: string;
  read(value: unknown): T | undefined;
}

const NUMERIC_STRING = /^-?\d+(?:\.\d+)?$/;
// ISO 8601 date-time; Acumatica sends an offset (not always Z), but date-only fields may lack one.
export const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const textValue: ValueKind<string> = { expected: 'a string', read: (v) => (typeof v === 'string' ? v : undefined) };
/** Acumatica sends decimals as numbers, and sometimes as numeric strings. */
export const numberValue: ValueKind<number> = {
  expected: 'a number',
  read: (v) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && NUMERIC_STRING.test(v) ? Number(v) : undefined),
};
/** A line number and the like: the ledger and deliveries key on it, so 1.5 is a broken record, not a line. */
export const wholeNumberValue: ValueKind<number> = {
  expected: 'a whole number',
  read: (v) => {
    const n = numberValue.read(v);
    return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
  },
};
// .NET renders up to seven fractional digits (100 ns ticks); JavaScript dates hold milliseconds.
const EXTRA_FRACTION_DIGITS = /(\.\d{3})\d+/;
/** A time of day with no `Z` or offset after it. */
const TIME_WITHOUT_OFFSET = /T[^Z+-]*$/;

/**
 * The instant an ISO 8601 date-time names, as epoch milliseconds; NaN when it names none.
 * Acumatica sends an offset; a date-time without one is read as if it were UTC, i.e. by its
 * wall-clock time. JavaScript would read it in the PC's zone instead, which made the ledger's
 * version order depend on that zone: in a spring-forward gap, 02:30 became 03:30 and a later edit
 * stamped 03:10 looked older and was dropped. (No ledger holds such a value: Acumatica and the
 * simulator both send offsets, so no migration re-reads stored ones.)
 */
export function instantMs(value: string): number {
  const milliseconds = value.replace(EXTRA_FRACTION_DIGITS, '$1');
  return Date.parse(TIME_WITHOUT_OFFSET.test(milliseconds) ? `${milliseconds}Z` : milliseconds);
}

/**
 * The pattern alone lets through what names no instant (month 13, hour 25). The ledger orders
 * versions by the instant, so such a record must fail here, where it is skipped and named, not
 * in the page's transaction, where it failed the page, and the pass, on every cycle.
 */
export const dateTimeValue: ValueKind<string> = {
  expected: 'an ISO 8601 date-time',
  read: (v) => (typeof v === 'string' && ISO_DATE_TIME.test(v) && !Number.isNaN(instantMs(v)) ? v : undefined),
};

function isObject(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

function fail<T>(problems: Problem[], path: PropertyKey[], message: string): T {
  problems.push({ path, message });
  return undefined as T;
}

/** An optional value-wrapped field: absent, `{}` and `{"value": null}` all become null. */
export function optional<T>(kind: ValueKind<T>): Reader<T | null> {
  return (raw, parent, key, problems) => {
    if (raw === undefined || raw === null) return null;
    if (!isObject(raw)) return fail(problems, pathOf(parent, key), 'expected a value-wrapped field');
    const value = raw['value'];
    if (value === undefined || value === null) return null;
    const read = kind.read(value);
    return read === undefined ? fail(problems, [...pathOf(parent, key), 'value'], `expected ${kind.expected}`) : read;
  };
}

/** A value-wrapped field the connector cannot work without. */
export function required<T>(kind: ValueKind<T>): Reader<T> {
  return (raw, parent, key, problems) => {
    if (!isObject(raw)) return fail(problems, pathOf(parent, key), 'expected a value-wrapped field');
    const read = kind.read(raw['value']);
    return read === undefined ? fail(problems, [...pathOf(parent, key), 'value'], `expected ${kind.expected}`) : read;
  };
}

/** A record's own `id` (not value-wrapped). */
export const recordId: Reader<string> = (raw, parent, key, problems) =>
  typeof raw === 'string' && GUID.test(raw) ? raw : fail(problems, pathOf(parent, key), 'expected a GUID');

export function nullish<T>(reader: Reader<T>): Reader<T | null> {
  return (raw, parent, key, problems) => (raw === undefined || raw === null ? null : reader(raw, parent, key, problems));
}

export type Fields = Record<string, Reader<unknown>>;
export type FieldsOutput<F extends Fields> = { [K in keyof F]: ReturnType<F[K]> };

/** An object of known fields; others are ignored (Acumatica adds rowNumber, note, custom, _links). */
export function object<F extends Fields>(fields: F): Reader<FieldsOutput<F>> {
  const names = Object.keys(fields);
  const readers = names.map((name) => fields[name]!);
  return (raw, parent, key, problems) => {
    if (!isObject(raw)) return fail(problems, pathOf(parent, key), 'expected an object');
    const path = key === undefined ? parent : pathOf(parent, key);
    const out: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) out[names[i]!] = readers[i]!(raw[names[i]!], path, names[i], problems);
    return out as FieldsOutput<F>;
  };
}

/** A detail array; not expanded (absent or null) is empty. */
export function detail<T>(row: Reader<T>): Reader<T[]> {
  return (raw, parent, key, problems) => {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) return fail(problems, pathOf(parent, key), 'expected an array');
    const path = pathOf(parent, key);
    return raw.map((item: unknown, index) => row(item, path, index, problems));
  };
}

/** A field that may be absent, but is not null when present. */
export function optionalKey<T>(reader: Reader<T>): Reader<T | undefined> {
  return (raw, parent, key, problems) => (raw === undefined ? undefined : reader(raw, parent, key, problems));
}

/** A JSON array that must be there (a list response), unlike a detail that may be absent. */
export function list<T>(row: Reader<T>): Reader<T[]> {
  const rows = detail(row);
  return (raw, parent, key, problems) =>
    Array.isArray(raw) ? rows(raw, parent, key, problems) : fail(problems, pathOf(parent, key), 'expected an array');
}

/** A record schema that can also read a fitting record without zod's per-parse bookkeeping. */
export interface FastRead<T> {
  /** The record read, or undefined when it does not fit (safeParse then names the problems). */
  readFitting(raw: unknown): T | undefined;
}

/**
 * The zod schema for an entity: one zod step per record, issues by path as zod reports them.
 * `readFitting` skips that step for a record that fits: a backfill reads tens of thousands of
 * records, and zod's context, result and issue objects were about 700 bytes of garbage each.
 */
export function entity<T>(reader: Reader<T>) {
  const schema = z.unknown().transform((raw, ctx): T => {
    const problems: Problem[] = [];
    const out = reader(raw, [], undefined, problems);
    if (problems.length === 0) return out;
    for (const problem of problems) ctx.addIssue({ code: 'custom', path: problem.path, message: problem.message, input: undefined });
    return z.NEVER;
  });
  const fast: FastRead<T> = {
    readFitting(raw) {
      const problems: Problem[] = [];
      const out = reader(raw, UNTRACKED, undefined, problems);
      return problems.length === 0 ? out : undefined;
    },
  };
  return Object.assign(schema, fast);
}
