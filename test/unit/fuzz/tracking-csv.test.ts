// Fuzzing the tracking CSV parser (the inbox folder and `tracking import`): any text or bytes give
// either one result per row (a queued input or a reason) or one named error for the whole file, and
// nothing unprintable in a queued value or a message.
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLines, withoutFormulaGuard } from '../../../main/delivery/export-csv.ts';
import { parseTrackingCsv, TrackingCsvError, TRACKING_CSV_OPTIONS } from '../../../main/delivery/tracking-csv.ts';
import { UNPRINTABLE } from '../../../preload/schemas/one-line.ts';

const cell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('"multi\nline"', '"cr\r\nlf"', '\u001b[2J', '\u0000', '\u2028','', ' ', '"', '""', '"a,b"', '"unterminated', 'SH000101', 'SO', 'SO000123', '1Z999AA10123456784', '-1', '2.5', 'abc', 'SMALL', '\r', '\n', '\uFEFF'),
);
const header = fc.shuffledSubarray(['ShipmentNbr', 'OrderType', 'OrderNbr', 'TrackingNbr', 'Carrier', 'Weight', 'BoxID', 'Tracking Number', 'ship_via', 'Other'], { minLength: 0 });
const csv = fc.tuple(header, fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), fc.boolean()).map(
  ([columns, rows, eol, bom]) => `${bom ? '\uFEFF' : ''}${[columns, ...rows].map((row) => row.join(',')).join(eol)}`,
);

function check(input: string | Buffer): void {
  let results;
  try {
    results = parseTrackingCsv(input);
  } catch (error) {
    expect(error).toBeInstanceOf(TrackingCsvError);
    expect((error as Error).message.length).toBeGreaterThan(0);
    expect((error as Error).message).not.toMatch(UNPRINTABLE);
    return;
  }
  let previousLine = 1;
  for (const result of results) {
    expect(result.row).toBeGreaterThanOrEqual(2);
    // A record takes at least one line, and blank lines only push it further down.
    expect(result.line).toBeGreaterThanOrEqual(result.row);
    expect(result.line).toBeGreaterThan(previousLine);
    previousLine = result.line;
    if (result.ok) {
      const { trackingNbr, carrier, boxId } = result.input;
      for (const value of [trackingNbr, carrier, boxId, ...Object.values(result.input.target)]) expect(value ?? '').not.toMatch(UNPRINTABLE);
      expect(result.input.trackingNbr.trim()).toBe(result.input.trackingNbr);
      expect(result.input.trackingNbr.length).toBeGreaterThan(0);
      const target = result.input.target;
      expect(target.kind === 'shipment' ? target.shipmentNbr.length : target.orderType.length * target.orderNbr.length).toBeGreaterThan(0);
    } else {
      expect(result.reason.length).toBeGreaterThan(0);
      expect(result.reason).not.toMatch(UNPRINTABLE);
    }
  }
}

const rejections = (csvText: string | Buffer) => parseTrackingCsv(csvText).map((result) => (result.ok ? `line ${result.line}: ok` : `line ${result.line}: ${result.reason}`));

describe('fuzz: tracking CSV', () => {
  it('CSV-shaped text: rows or one named error', () => {
    fc.assert(fc.property(csv, check), { numRuns: 500 });
  });

  it('arbitrary text and bytes: rows or one named error', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' })), check), { numRuns: 300 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => check(Buffer.from(bytes))), { numRuns: 200 });
  });
});

describe('fuzz: the formula guard of a rejected-rows file', () => {
  it('any value, formula-like or apostrophe-led, is read back exactly as it was written', () => {
    const piece = fc.constantFrom("'", '=', '+', '-', '@', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20', ' ', '\t', '\r', '\n', '\u00A0', '\u3000', '1', '(', '.', 'a', ',', '"');
    const value = fc.oneof(fc.array(piece, { maxLength: 8 }).map((pieces) => pieces.join('')), fc.string({ maxLength: 12 }));
    fc.assert(
      fc.property(value, (text) => {
        // A second column, so a row of one empty value is not skipped as a blank line.
        const [row] = parse(csvLines([[text, 'x']]), TRACKING_CSV_OPTIONS) as string[][];
        expect(withoutFormulaGuard(row?.[0] ?? '')).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('tracking CSV: files an exploratory tester made', () => {
  it('an empty file, or one of blank lines, has no header row', () => {
    for (const content of ['', '\r\n\r\n', Buffer.alloc(0)]) expect(() => parseTrackingCsv(content)).toThrow(/The file has no header row/);
  });

  it('names the line a record starts on, past blank lines and CR LF inside quotes', () => {
    const csvText = 'ShipmentNbr,TrackingNbr,Weight\r\n\r\n\r\nSH1,"a\r\nb",1\r\n\r\nSH2,T2,heavy\r\nSH3,T3,1';
    expect(rejections(csvText)).toEqual(['line 4: TrackingNbr must be one line of printable text', 'line 7: Weight "heavy" is not a number of 0 or more', 'line 8: ok']);
  });

  it('refuses a header naming a column it reads twice, naming both; ignored columns may repeat', () => {
    // An export with both "Tracking Number" and "TrackingNbr" took the last one silently.
    expect(() => parseTrackingCsv('ShipmentNbr,Tracking Number,Carrier,TrackingNbr\nSH1,1ZREAL,UPS,1ZOTHER\n')).toThrow(
      'The header row names the same column twice: "Tracking Number" (column 2) and "TrackingNbr" (column 4). Keep one of them.',
    );
    expect(() => parseTrackingCsv('Shipment,ShipmentNbr,TrackingNbr\nSH1,SH2,1Z\n')).toThrow(/"Shipment" \(column 1\) and "ShipmentNbr" \(column 2\)/);
    expect(rejections('ShipmentNbr,Notes,TrackingNbr,Notes\nSH1,a,1ZREAL,b\n')).toEqual(['line 2: ok']);
  });

  it('rejects a value past the header, but not the empty cells spreadsheets pad rows with', () => {
    expect(rejections('ShipmentNbr,TrackingNbr,Carrier,Weight,BoxID\n000174,TRK-X,UPS,1,,extra\n000175,TRK-Y,UPS,1,,,\n')).toEqual([
      "line 2: The row has 6 fields, more than the header's 5",
      'line 3: ok',
    ]);
  });

  it('rejects a row naming both a shipment and an order, but not a shipment row with only an OrderType', () => {
    expect(rejections('ShipmentNbr,OrderType,OrderNbr,TrackingNbr\nSH1,SO,SO1,T1\nSH1,,SO1,T2\nSH2,SO,,T3\n')).toEqual([
      'line 2: Give ShipmentNbr, or OrderType and OrderNbr, not both',
      'line 3: Give ShipmentNbr, or OrderType and OrderNbr, not both',
      'line 4: ok',
    ]);
  });

  it('refuses carriers and box ids that are not one line of printable text', () => {
    expect(rejections('ShipmentNbr,TrackingNbr,Carrier,BoxID\nSH1,T1,"U\nPS",B1\nSH2,T2,UPS,\u0007\n')).toEqual([
      'line 2: Carrier must be one line of printable text',
      'line 4: BoxID must be one line of printable text',
    ]);
  });

  it('refuses a weight over 100000, as the tracking form does, rather than queue 1e20 for Acumatica', () => {
    expect(rejections('ShipmentNbr,TrackingNbr,Weight\nSH1,T1,100000\nSH2,T2,100000.5\nSH3,T3,99999999999999999999\n')).toEqual([
      'line 2: ok',
      'line 3: Weight "100000.5" is more than 100000',
      'line 4: Weight "99999999999999999999" is more than 100000',
    ]);
  });

  it('quotes a garbage value safely, cut to 40 characters', () => {
    const garbage = Buffer.concat([Buffer.from('ShipmentNbr,TrackingNbr,Weight\nSH1,T1,'), Buffer.from([0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x07, 0x00, 0xff]), Buffer.from('x'.repeat(60))]);
    const [reason] = rejections(garbage);
    expect(reason).toBe(`line 2: Weight "\\u001b[31m\\u0007\\u0000\uFFFD${'x'.repeat(32)}…" is not a number of 0 or more`);
  });
});
