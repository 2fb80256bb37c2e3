// Fuzzing the tracking CSV parser (the inbox folder and `tracking import`): any text or bytes give
// either one result per row (a queued input or a reason) or one named error for the whole file.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTrackingCsv } from '../../../main/delivery/tracking-csv.ts';

const cell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', ' ', '"', '""', '"a,b"', '"unterminated', 'SH000101', 'SO', 'SO000123', '1Z999AA10123456784', '-1', '2.5', 'abc', 'SMALL', '\r', '\n', '\uFEFF'),
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
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name.length).toBeGreaterThan(0);
    expect((error as Error).message.length).toBeGreaterThan(0);
    return;
  }
  for (const result of results) {
    expect(result.row).toBeGreaterThanOrEqual(2);
    if (result.ok) {
      expect(result.input.trackingNbr.trim()).toBe(result.input.trackingNbr);
      expect(result.input.trackingNbr.length).toBeGreaterThan(0);
      const target = result.input.target;
      expect(target.kind === 'shipment' ? target.shipmentNbr.length : target.orderType.length * target.orderNbr.length).toBeGreaterThan(0);
    } else expect(result.reason.length).toBeGreaterThan(0);
  }
}

describe('fuzz: tracking CSV', () => {
  it('CSV-shaped text: rows or one named error', () => {
    fc.assert(fc.property(csv, check), { numRuns: 500 });
  });

  it('arbitrary text and bytes: rows or one named error', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' })), check), { numRuns: 300 });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => check(Buffer.from(bytes))), { numRuns: 200 });
  });
});
