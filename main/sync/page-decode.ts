// Turns one list page's JSON text into domain records for the ledger, a record at a time.
//
// Why not JSON.parse the page: a 500-order page is about 1 MB of JSON and 5 MB of parsed objects,
// all alive at once. With the engine's few-MB young generation (main/engine/v8-flags.ts) every page
// was promoted to the old generation and collected by full GCs: garbage collection was the largest
// single item of a backfill's CPU time. Parsed one at a time and mapped at once, a record's JSON
// objects die young, where collecting them costs next to nothing.
//
// Two steps, because keyset paging needs the page's last key before the next request can go out:
// `scanPage` finds the records' spans by walking the text's structure (about a quarter of the cost
// of parsing it) and `peekPage` reads the last key from the last record alone; `decodePage` then
// parses and maps every record while the next request is already on the wire.
import { parseRecord } from '../acumatica/entity-parse.ts';
import { AcumaticaError } from '../acumatica/errors.ts';
import { listWhat, parseJsonText } from '../acumatica/classify-response.ts';
import { toOrder, toShipment, toStockItem } from '../acumatica/mappers.ts';
import { GUID } from '../acumatica/wire-fields.ts';
import { EntityListWire, SalesOrderWire, ShipmentWire, StockItemWire, type EntityRecordWire } from '../acumatica/wire.ts';
import type { Order, Shipment, StockItem } from '../acumatica/domain.ts';

/** The entities the sync passes list, and what each decodes to. */
export interface ListedRecords {
  SalesOrder: Order;
  Shipment: Shipment;
  StockItem: StockItem;
}
export type ListEntity = keyof ListedRecords;

/** Key fields in the order Acumatica sorts lists by (the passes page on them). */
export const KEY_FIELDS: { readonly [E in ListEntity]: readonly string[] } = {
  SalesOrder: ['OrderType', 'OrderNbr'],
  Shipment: ['ShipmentNbr'],
  StockItem: ['InventoryID'],
};

const READERS: { readonly [E in ListEntity]: (record: unknown) => ListedRecords[E] } = {
  SalesOrder: (record) => toOrder(parseRecord(record, SalesOrderWire, describe('SalesOrder'))),
  Shipment: (record) => toShipment(parseRecord(record, ShipmentWire, describe('Shipment'))),
  StockItem: (record) => toStockItem(parseRecord(record, StockItemWire, describe('StockItem'))),
};

/** A page's text with each record's span; records are parsed from their span when decoded. */
export interface ScannedPage<E extends ListEntity> {
  entity: E;
  body: string;
  /** Each record's span, or null when the text could only be read whole (see scanPage). */
  spans: ElementSpans | null;
  /** The records, when the text was parsed whole. */
  parsed: EntityRecordWire[] | null;
}

/** What the pass needs before the records are decoded: whether another page follows, and after which key. */
export interface PagePeek {
  count: number;
  /** The key of the last record that has one; null if none has (a broken wire). */
  lastKey: string[] | null;
}

/** A record that failed its schema: skipped and reported, never its content. */
export interface RejectedRecord {
  id: string | null;
  message: string;
}

export interface DecodedPage<E extends ListEntity> {
  items: ListedRecords[E][];
  rejected: RejectedRecord[];
  /** Every record's key that has one, rejected records' too, in page order (the pass checks none repeats). */
  keys: string[][];
}

/**
 * Finds the records in a page's text. Text the scan cannot follow (not an array, truncated,
 * malformed) is parsed whole instead, which either reads it after all or throws the error that
 * names what is wrong: invalid JSON (retryable: a cut-off response) or the wrong shape.
 */
export function scanPage<E extends ListEntity>(entity: E, body: string): ScannedPage<E> {
  const spans = topLevelElements(body);
  if (spans !== null) return { entity, body, spans, parsed: null };
  return { entity, body, spans: null, parsed: parseJsonText(body, EntityListWire, listWhat(entity)) as EntityRecordWire[] };
}

export function peekPage(page: ScannedPage<ListEntity>): PagePeek {
  const count = page.spans ? page.spans.starts.length : page.parsed!.length;
  const keyFields = KEY_FIELDS[page.entity];
  for (let i = count - 1; i >= 0; i--) {
    const key = recordKey(page.spans ? parseElement(page, i) : page.parsed![i], keyFields);
    if (key !== null) return { count, lastKey: key };
  }
  return { count, lastKey: null };
}

/**
 * Parses and maps every record, from the same spans peekPage read the last key from. That the
 * spans are the records JSON.parse would find in the whole text is what the scanner's fuzz test
 * (test/unit/sync/page-decode.test.ts) holds: the next request's key cannot skip a record.
 */
export function decodePage<E extends ListEntity>(page: ScannedPage<E>): DecodedPage<E> {
  const read = READERS[page.entity];
  const keyFields = KEY_FIELDS[page.entity];
  const count = page.spans ? page.spans.starts.length : page.parsed!.length;
  const items: ListedRecords[E][] = [];
  const rejected: RejectedRecord[] = [];
  const keys: string[][] = [];
  let records = 0;
  for (let i = 0; i < count; i++) {
    const record = page.spans ? parseElement(page, i) : page.parsed![i];
    const key = recordKey(record, keyFields);
    if (key !== null) keys.push(key);
    if (!isObject(record)) {
      // One element that is not a record among records is skipped and named like a broken record:
      // failing the page for it would fail the pass on this same page every cycle, for good.
      rejected.push({ id: null, message: `${page.entity} list element ${i + 1} of ${count} is not a record; skipped.` });
      continue;
    }
    // An object is a record, whatever its id: the entity's schema names what is wrong with it, and
    // by its key. Judged by the list's shape instead, a record with a malformed id alone on its
    // page failed the whole page, and so every cycle until another record changed.
    records += 1;
    try {
      items.push(read(record));
    } catch (error) {
      const id = record['id'];
      rejected.push({ id: typeof id === 'string' && GUID.test(id) ? id : null, message: error instanceof Error ? error.message : String(error) });
    }
  }
  // No record at all is not a page of records: the whole-text parse names what it is instead.
  if (records === 0 && count > 0) return decodeWhole(page);
  return { items, rejected, keys };
}

/** A record that breaks the list's own shape: the whole-text parse names the problem. */
function decodeWhole<E extends ListEntity>(page: ScannedPage<E>): DecodedPage<E> {
  if (page.parsed !== null) throw new Error(`decodePage: parsed ${page.entity} records do not fit the list schema`);
  const parsed = parseJsonText(page.body, EntityListWire, listWhat(page.entity)) as EntityRecordWire[];
  return decodePage({ ...page, spans: null, parsed });
}

function parseElement(page: ScannedPage<ListEntity>, index: number): unknown {
  const { starts, ends } = page.spans!;
  try {
    return JSON.parse(page.body.slice(starts[index], ends[index]));
  } catch {
    // The same words as a whole-page parse failure: a cut-off or garbled response, worth a retry.
    throw new AcumaticaError({
      kind: 'bad-response',
      retryable: true,
      message: `The response for ${listWhat(page.entity)} is not valid JSON (truncated?): ${page.body.length} bytes.`,
    });
  }
}

function isObject(record: unknown): record is Record<string, unknown> {
  return typeof record === 'object' && record !== null && !Array.isArray(record);
}

/**
 * "SalesOrder SO SO001234" for a record that failed its schema, built only then. A record whose
 * key is missing or not text is named by its id as well, which finds it in Acumatica
 * (`GET .../SalesOrder/{id}`): "SalesOrder SO ? (id 0a7c2e9a-...)".
 */
function describe(entity: ListEntity): (record: unknown) => string {
  return (record) => {
    const fields = KEY_FIELDS[entity];
    const named = `${entity} ${describeKey(record as EntityRecordWire, fields)}`;
    const id = (record as { id?: unknown }).id;
    return recordKey(record, fields) === null && typeof id === 'string' && GUID.test(id) ? `${named} (id ${id})` : named;
  };
}

function describeKey(record: EntityRecordWire, fields: readonly string[]): string {
  const values = fields.map((field) => {
    const wrapped = (record as Record<string, unknown>)[field];
    return wrapped && typeof wrapped === 'object' && 'value' in wrapped ? String(wrapped.value) : '?';
  });
  return values.join(' ');
}

/** Key order is what the server pages in; a key missing from a record means the wire is broken. */
function recordKey(record: unknown, keyFields: readonly string[]): string[] | null {
  if (!record || typeof record !== 'object') return null;
  const values: string[] = [];
  for (const keyField of keyFields) {
    const field = (record as Record<string, unknown>)[keyField];
    if (!(field && typeof field === 'object' && 'value' in field && typeof field.value === 'string')) return null;
    values.push(field.value);
  }
  return values;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

/** Where each element of a top-level JSON array begins and ends (exclusive, before its comma). */
export interface ElementSpans {
  starts: number[];
  ends: number[];
}

/**
 * The spans of a top-level JSON array's elements, or null if the text is not one. Walks the
 * structure only: strings are skipped with indexOf (an unescaped quote always ends one), so the
 * cost is one pass of native searching plus a loop over the few characters between strings.
 * Each element is then parsed on its own by JSON.parse, which rejects anything malformed in it.
 */
export function topLevelElements(text: string): ElementSpans | null {
  const n = text.length;
  let i = 0;
  while (i < n && isSpace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== OPEN_BRACKET) return null;
  i++;
  const starts: number[] = [];
  const ends: number[] = [];
  let depth = 0;
  let expectElement = true;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (depth === 0 && expectElement && !isSpace(c)) {
      // `]` here closes an empty array, or follows a trailing comma; `,` follows another comma.
      if (c === CLOSE_BRACKET) return starts.length === 0 && trailerIsBlank(text, i + 1) ? { starts, ends } : null;
      if (c === COMMA) return null;
      starts.push(i);
      expectElement = false;
    }
    if (c === QUOTE) {
      i = stringEnd(text, i) + 1;
      if (i === 0) return null;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      if (depth === 0) {
        if (c !== CLOSE_BRACKET || expectElement) return null;
        ends.push(i);
        return trailerIsBlank(text, i + 1) ? { starts, ends } : null;
      }
      depth--;
    } else if (c === COMMA && depth === 0) {
      ends.push(i);
      expectElement = true;
    }
    i++;
  }
  return null;
}

function trailerIsBlank(text: string, from: number): boolean {
  for (let i = from; i < text.length; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** Index of the quote closing the string that opens at `open`, or -1 if it never closes. */
function stringEnd(text: string, open: number): number {
  let quote = text.indexOf('"', open + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return -1;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
