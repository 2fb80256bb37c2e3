// Tracking numbers from CSV (the inbox folder and `tracking import`). Parsed with csv-parse: BOM,
// CRLF, quoted fields and ragged rows are its job. Each row becomes a queued writeback or a
// rejection that names the line and the problem; a bad row never stops the good ones.
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import type { TrackingInput } from '../store/index.ts';
import { withoutFormulaGuard } from './export-csv.ts';
import { MAX_TRACKING_WEIGHT } from '../../preload/schemas/fulfillment.ts';
import { quoteForMessage, showInvisible, UNPRINTABLE } from '../../preload/schemas/one-line.ts';

/**
 * `row` counts the file's non-blank records with the header as row 1 (the inbox finds a bad row's
 * raw fields by it); `line` is where the record starts in the file, as an editor shows it.
 */
export type TrackingRowResult =
  | { row: number; line: number; ok: true; input: TrackingInput }
  | { row: number; line: number; ok: false; reason: string };

/** The file as a whole cannot be read as tracking rows: no header, a header without TrackingNbr, bad quoting. */
export class TrackingCsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrackingCsvError';
  }
}

const EXPECTED_COLUMNS = 'expected ShipmentNbr or OrderType+OrderNbr, TrackingNbr, Carrier, Weight, BoxID';

const HEADER_ALIASES: Record<string, string> = {
  shipmentnbr: 'shipmentNbr',
  shipment: 'shipmentNbr',
  ordertype: 'orderType',
  ordernbr: 'orderNbr',
  order: 'orderNbr',
  trackingnbr: 'trackingNbr',
  trackingnumber: 'trackingNbr',
  tracking: 'trackingNbr',
  carrier: 'carrier',
  shipvia: 'carrier',
  weight: 'weight',
  boxid: 'boxId',
  box: 'boxId',
};

const KNOWN_COLUMNS: ReadonlySet<string> = new Set(Object.values(HEADER_ALIASES));

// A value holding a control, format or separator character (UNPRINTABLE) would reach Acumatica, a
// label or an admin's terminal as something other than what it looks like.

/**
 * How Excel saves a long number in a General column (a 12-digit FedEx number becomes 7.946E+11, a
 * USPS one 9.20559E+21): queued as it stands, a wrong number went onto the customer's shipment.
 * No carrier's tracking number looks like this.
 */
const EXCEL_SCIENTIFIC = /^\d(\.\d+)?E\+\d+$/i;

const singleLine = (column: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${column} is longer than ${max} characters`)
    .refine((value) => !UNPRINTABLE.test(value), `${column} must be one line of printable text`);

const optional = (column: string, max: number) =>
  singleLine(column, max)
    .transform((value) => (value === '' ? undefined : value))
    .optional();

const Row = z
  .object({
    shipmentNbr: optional('ShipmentNbr', 15),
    orderType: optional('OrderType', 2),
    orderNbr: optional('OrderNbr', 15),
    trackingNbr: singleLine('TrackingNbr', 100)
      .refine((value) => value !== '', 'TrackingNbr is empty')
      .superRefine((value, ctx) => {
        if (EXCEL_SCIENTIFIC.test(value)) {
          ctx.addIssue({
            code: 'custom',
            message: `TrackingNbr ${quoteForMessage(value)} is a number Excel shortened to scientific notation, its digits lost: format the column as Text in the spreadsheet and export the file again`,
          });
        }
      }),
    carrier: optional('Carrier', 50),
    weight: z
      .string()
      .trim()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined || value === '') return undefined;
        const weight = Number(value);
        if (!Number.isFinite(weight) || weight < 0) {
          ctx.addIssue({ code: 'custom', message: `Weight ${quoteForMessage(value)} is not a number of 0 or more` });
          return z.NEVER;
        }
        // The tracking form's limit: a row or `tracking add` must not queue what the form refuses.
        if (weight > MAX_TRACKING_WEIGHT) {
          ctx.addIssue({ code: 'custom', message: `Weight ${quoteForMessage(value)} is more than ${MAX_TRACKING_WEIGHT}` });
          return z.NEVER;
        }
        return weight;
      }),
    boxId: optional('BoxID', 30),
  })
  .superRefine((row, ctx) => {
    // An OrderType column alone names no order (exports often fill it with SO on every row).
    const order = row.orderNbr !== undefined;
    // Both would be a guess at which one the sender meant: the shipment may not be the order's.
    if (row.shipmentNbr && order) ctx.addIssue({ code: 'custom', message: 'Give ShipmentNbr, or OrderType and OrderNbr, not both' });
    else if (!row.shipmentNbr && !(row.orderType && row.orderNbr)) ctx.addIssue({ code: 'custom', message: 'Give ShipmentNbr, or OrderType and OrderNbr' });
  });

export function normaliseHeader(name: string): string {
  return HEADER_ALIASES[name.replace(/[\s_-]/g, '').toLowerCase()] ?? name;
}

const parsedRecords = z.array(z.object({ record: z.array(z.string()), info: z.object({ bytes: z.number() }) }));

/**
 * How a tracking CSV is read into records. The tracking inbox reads a file's bad rows back with
 * the same options, so its record `row - 1` is the row this parser reported.
 */
export const TRACKING_CSV_OPTIONS = { bom: true, skip_empty_lines: true, relax_column_count: true, trim: true } as const;

/**
 * A file's bytes as UTF-8. A UTF-16 file (PowerShell 5's `>` and Notepad's "Unicode" write one)
 * is decoded here: csv-parse read UTF-16LE itself, but the line counter below counted its bytes,
 * so every bad row was named by a wrong line, and it could not read UTF-16BE at all.
 * Both the parser and the inbox's copy of the bad rows read the file through this.
 */
export function trackingCsvBytes(content: string | Buffer): Buffer {
  if (typeof content === 'string') return Buffer.from(content);
  const encoding = content[0] === 0xff && content[1] === 0xfe ? 'utf-16le' : content[0] === 0xfe && content[1] === 0xff ? 'utf-16be' : null;
  // TextDecoder drops the byte order mark.
  return encoding === null ? content : Buffer.from(new TextDecoder(encoding).decode(content));
}

/** Parse a whole CSV text; throws a TrackingCsvError only when the file as a whole is unreadable. */
export function parseTrackingCsv(content: string | Buffer): TrackingRowResult[] {
  const bytes = trackingCsvBytes(content);
  let records;
  try {
    records = parsedRecords.parse(parse(bytes, { ...TRACKING_CSV_OPTIONS, info: true }));
  } catch (error) {
    // A semicolon or tab file with a quoted value ("SH1";"1Z1") fails here, before its header is
    // looked at, with the parser's "Invalid Closing Quote: got ";"": say what is wrong with it instead.
    const separator = otherSeparator([firstLine(bytes)]);
    if (separator !== '') throw new TrackingCsvError(`The file cannot be read${separator}.`);
    throw new TrackingCsvError(showInvisible(error instanceof Error ? error.message : String(error)));
  }
  const [headerRecord, ...rows] = records;
  if (headerRecord === undefined) throw new TrackingCsvError(`The file has no header row (${EXPECTED_COLUMNS}).`);
  const header = headerRecord.record.map(normaliseHeader);
  if (!header.includes('trackingNbr')) throw new TrackingCsvError(`The header row has no TrackingNbr column${otherSeparator(headerRecord.record)} (${EXPECTED_COLUMNS}).`);
  refuseRepeatedColumns(headerRecord.record, header);

  const lines = new LineCounter(bytes);
  let previousEnd = headerRecord.info.bytes;
  return rows.map(({ record, info }, index) => {
    const position = { row: index + 2, line: lines.lineAt(lines.firstNonBlank(previousEnd)) };
    previousEnd = info.bytes;
    // Trailing empty cells (spreadsheets pad rows) lose nothing; a value past the header would be dropped unseen.
    if (record.slice(header.length).some((field) => field !== '')) {
      return { ...position, ok: false, reason: `The row has ${record.length} fields, more than the header's ${header.length}` };
    }
    // A row from a rejected-rows file, fixed and dropped back, has the apostrophes csvField wrote.
    return toResult(Object.fromEntries(header.map((name, column) => [name, withoutFormulaGuard(record[column] ?? '')])), position);
  });
}

/**
 * Excel in a European locale saves "CSV" with semicolons, and some shipping programs export tabs:
 * the whole header is then one column, and "no TrackingNbr column" alone had the operator staring
 * at the TrackingNbr they could see. Names the separator the file uses.
 */
function otherSeparator(names: readonly string[]): string {
  const unquoted = (name: string) => normaliseHeader(name.trim().replace(/^"(.*)"$/, '$1'));
  for (const [separator, words] of [[';', 'semicolons'], ['\t', 'tabs']] as const) {
    if (names.some((name) => name.split(separator).map(unquoted).includes('trackingNbr'))) {
      return `: its columns are separated by ${words}, and the connector reads comma-separated files. Save or export the file with commas between the columns`;
    }
  }
  return '';
}

/** The file's first line as text, without a byte order mark: the header, when the parser could not read it. */
function firstLine(bytes: Buffer): string {
  return bytes.subarray(0, 4096).toString('utf8').replace(/^\uFEFF/, '').split(/\r|\n/, 1)[0]!;
}

/**
 * A column the connector reads, named twice ("Tracking Number" and "TrackingNbr", say): which one
 * was meant is a guess, and reading either would post the other's numbers unseen, so the file is
 * refused, naming both. Columns the connector ignores may repeat.
 */
function refuseRepeatedColumns(names: readonly string[], header: readonly string[]): void {
  for (let column = 0; column < header.length; column++) {
    const first = header.indexOf(header[column]!);
    if (first === column || !KNOWN_COLUMNS.has(header[column]!)) continue;
    throw new TrackingCsvError(
      `The header row names the same column twice: ${quoteForMessage(names[first]!)} (column ${first + 1}) and ${quoteForMessage(names[column]!)} (column ${column + 1}). Keep one of them.`,
    );
  }
}

export function toResult(record: Record<string, unknown>, position: { row: number; line: number }): TrackingRowResult {
  const parsed = Row.safeParse(record);
  if (!parsed.success) return { ...position, ok: false, reason: parsed.error.issues.map((issue) => issue.message).join('; ') };
  const value = parsed.data;
  const target: TrackingInput['target'] = value.shipmentNbr
    ? { kind: 'shipment', shipmentNbr: value.shipmentNbr }
    : { kind: 'order', orderType: value.orderType!, orderNbr: value.orderNbr! };
  return {
    ...position,
    ok: true,
    input: { target, trackingNbr: value.trackingNbr, carrier: value.carrier ?? null, weight: value.weight ?? null, boxId: value.boxId ?? null },
  };
}

const CR = 0x0d;
const LF = 0x0a;
const BLANK = new Set([0x20, 0x09, 0x0c, CR, LF]);

/**
 * Line numbers from csv-parse's byte offsets (`info.bytes`, where a record ends). Its own
 * `info.lines` counts a CR LF inside a quoted field as two lines, and gives a record's last line.
 */
class LineCounter {
  readonly #bytes: Buffer;
  #offset = 0;
  #line = 1;

  constructor(bytes: Buffer) {
    this.#bytes = bytes;
  }

  /** Where the next record starts: past the blank lines csv-parse skipped. */
  firstNonBlank(from: number): number {
    let offset = from;
    while (offset < this.#bytes.length && BLANK.has(this.#bytes[offset]!)) offset += 1;
    return offset;
  }

  /** The line of `offset`; offsets must not go backwards. CR LF, LF and a lone CR each end a line. */
  lineAt(offset: number): number {
    for (; this.#offset < offset; this.#offset += 1) {
      const byte = this.#bytes[this.#offset];
      if (byte === CR || (byte === LF && this.#bytes[this.#offset - 1] !== CR)) this.#line += 1;
    }
    return this.#line;
  }
}
