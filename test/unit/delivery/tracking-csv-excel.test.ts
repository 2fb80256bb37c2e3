// Tracking CSVs as spreadsheet programs write them: what Excel does to long numbers, its
// "Unicode Text" (UTF-16) saves, and the semicolons of its European locales.
import { describe, expect, it } from 'vitest';
import { parseTrackingCsv } from '../../../main/delivery/tracking-csv.ts';

describe('tracking CSVs exported from Excel', () => {
  it('refuses a tracking number Excel shortened to scientific notation, saying how to keep it whole', () => {
    // A 12-digit FedEx number in a General column is saved as Excel shows it: 7.946E+11.
    const results = parseTrackingCsv('ShipmentNbr,TrackingNbr\r\nSH000101,7.946E+11\r\nSH000102,9.20559E+21\r\nSH000103,794600012345\r\nSH000104,1Z999E+12AB\r\n');
    expect(results.map((r) => r.ok)).toEqual([false, false, true, true]);
    expect(results[0]).toMatchObject({ line: 2, reason: expect.stringMatching(/TrackingNbr "7\.946E\+11" is a number Excel shortened to scientific notation.*format the column as Text/) });
  });
});
