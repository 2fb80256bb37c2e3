// Tracking CSVs as Windows programs write them: what Excel does to long numbers, and the UTF-16
// that PowerShell 5 and Notepad save.
import { describe, expect, it } from 'vitest';
import { parseTrackingCsv } from '../../../main/delivery/tracking-csv.ts';

describe('tracking CSVs exported from Excel', () => {
  it('refuses a tracking number Excel shortened to scientific notation, saying how to keep it whole', () => {
    // A 12-digit FedEx number in a General column is saved as Excel shows it: 7.946E+11.
    const results = parseTrackingCsv('ShipmentNbr,TrackingNbr\r\nSH000101,7.946E+11\r\nSH000102,9.20559E+21\r\nSH000103,794600012345\r\nSH000104,1Z999E+12AB\r\n');
    expect(results.map((r) => r.ok)).toEqual([false, false, true, true]);
    expect(results[0]).toMatchObject({ line: 2, reason: expect.stringMatching(/TrackingNbr "7\.946E\+11" is a number Excel shortened to scientific notation.*format the column as Text/) });
  });

  it('names the right line of a UTF-16 file (PowerShell 5 redirection, Notepad "Unicode"), either byte order', () => {
    const text = 'ShipmentNbr,TrackingNbr\r\nSH000101,1Z1\r\nSH000102,\r\nSH000103,1Z3\r\n';
    const little = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const big = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    for (const file of [little, big]) {
      const results = parseTrackingCsv(file);
      expect(results.map((r) => [r.line, r.ok])).toEqual([[2, true], [3, false], [4, true]]);
      expect(results[2]).toMatchObject({ input: { target: { shipmentNbr: 'SH000103' }, trackingNbr: '1Z3' } });
    }
  });

  it('says so when the columns are separated by semicolons (Excel in a European locale) or tabs', () => {
    expect(() => parseTrackingCsv('ShipmentNbr;TrackingNbr;Carrier\r\nSH000101;1Z1;UPS\r\n')).toThrow(
      /^The header row has no TrackingNbr column: its columns are separated by semicolons, and the connector reads comma-separated files/,
    );
    expect(() => parseTrackingCsv('Shipment Nbr\tTracking Number\r\nSH000101\t1Z1\r\n')).toThrow(/separated by tabs/);
    expect(() => parseTrackingCsv('ShipmentNbr,Carrier\r\nSH000101,UPS\r\n')).toThrow(/^The header row has no TrackingNbr column \(expected/);
  });

  it('says so too when such a file has quoted values, which the comma-separated reading cannot parse at all', () => {
    // Excel quotes a value holding the separator; many shipping programs quote every value.
    const semicolons = /^The file cannot be read: its columns are separated by semicolons, and the connector reads comma-separated files/;
    expect(() => parseTrackingCsv('"ShipmentNbr";"TrackingNbr"\r\n"SH000101";"1Z1"\r\n')).toThrow(semicolons);
    expect(() => parseTrackingCsv('\uFEFFShipmentNbr;TrackingNbr;Carrier\r\nSH000101;"1Z1";UPS\r\n')).toThrow(semicolons);
    expect(() => parseTrackingCsv('"Shipment Nbr"\t"Tracking Number"\r\n"SH000101"\t"1Z1"\r\n')).toThrow(/separated by tabs/);
    // A comma file the parser cannot read keeps the parser's own words.
    expect(() => parseTrackingCsv('ShipmentNbr,TrackingNbr\r\nSH000101,"1Z1\r\n')).toThrow(/Quote Not Closed/);
  });
});
