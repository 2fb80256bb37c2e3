// The published schema, the destination settings, and the pure rules a receiver relies on.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { activeDestinations, DestinationSettings } from '../../../main/delivery/destinations.ts';
import { parse } from 'csv-parse/sync';
import { csvField, csvLines, withoutFormulaGuard } from '../../../main/delivery/export-csv.ts';
import { parseTrackingCsv, TRACKING_CSV_OPTIONS } from '../../../main/delivery/tracking-csv.ts';
import { exportBaseName } from '../../../main/delivery/folder-destination.ts';
import { DeliveryPayload, payloadFor } from '../../../main/delivery/payload.ts';
import { classifyStatus, signatureHeader } from '../../../main/delivery/webhook-destination.ts';
import { openLedger } from '../../../main/store/index.ts';
import { fakeClock, makeOrder, makeShipment } from '../store/fixtures.ts';

describe('payload', () => {
  it('builds the documented order and shipment payloads from the ledger', () => {
    const ledger = openLedger({ path: ':memory:', now: fakeClock().now });
    ledger.orders.upsertOrders([makeOrder()]);
    ledger.shipments.upsertShipments([makeShipment()]);
    const order = payloadFor(ledger, 'order', 'SO/SO001234');
    expect(order).toMatchObject({
      schemaVersion: 1,
      entity: 'order',
      idempotencyKey: 'order:SO/SO001234@2026-11-28T10:15:30.457-05:00',
      order: {
        orderType: 'SO', orderNbr: 'SO001234', shipTo: { city: 'Portland' }, contact: { businessName: 'Casco Outfitters' },
        lines: [{ lineNbr: 1, inventoryId: 'JACKET-L', quantity: 4 }, { lineNbr: 2 }], shipmentNbrs: ['SH000101'],
      },
    });
    const shipment = payloadFor(ledger, 'shipment', 'SH000101');
    expect(shipment).toMatchObject({ entity: 'shipment', shipment: { packages: [{ boxId: 'LARGE', trackingNbr: null }], orders: [{ orderNbr: 'SO001234' }] } });
    // What a receiver parses: the published schema accepts exactly what is sent.
    expect(DeliveryPayload.parse(JSON.parse(JSON.stringify(order)))).toEqual(order);
    expect(payloadFor(ledger, 'order', 'SO/NOPE')).toBeUndefined();
    expect(payloadFor(ledger, 'order', 'malformed')).toBeUndefined();
    ledger.close();
  });
});

describe('destination settings', () => {
  it('accepts https, and http only for this computer', () => {
    const parse = (url: string) => DestinationSettings.safeParse({ webhook: { url } }).success;
    expect(parse('https://hooks.dropstream.example/acumatica')).toBe(true);
    expect(parse('http://127.0.0.1:8080/hook')).toBe(true);
    expect(parse('http://localhost/hook')).toBe(true);
    expect(parse('http://hooks.example.com/hook')).toBe(false);
    expect(parse('https://user:pw@hooks.example.com/hook')).toBe(false);
    expect(parse('not a url')).toBe(false);
  });

  it('defaults to nothing configured; the folder needs an absolute path', () => {
    expect(DestinationSettings.parse({})).toEqual({ webhook: null, folder: null });
    expect(activeDestinations(DestinationSettings.parse({}))).toEqual([]);
    const both = DestinationSettings.parse({ webhook: { url: 'https://x.example/h' }, folder: { path: '/srv/out' } });
    expect(both).toEqual({ webhook: { url: 'https://x.example/h', timeoutSeconds: 30 }, folder: { path: '/srv/out', format: 'json' } });
    expect(activeDestinations(both)).toEqual(['webhook', 'folder']);
    expect(DestinationSettings.safeParse({ folder: { path: 'relative/out' } }).success).toBe(false);
  });
});

describe('webhook rules', () => {
  it('2xx delivered; 4xx parked except 408 and 429; everything else retried', () => {
    const table = [200, 201, 204, 301, 400, 401, 403, 404, 408, 409, 422, 429, 500, 502, 503].map((s) => [s, classifyStatus(s)]);
    expect(Object.fromEntries(table)).toEqual({
      200: 'delivered', 201: 'delivered', 204: 'delivered', 301: 'retry', 400: 'park', 401: 'park', 403: 'park', 404: 'park',
      408: 'retry', 409: 'park', 422: 'park', 429: 'retry', 500: 'retry', 502: 'retry', 503: 'retry',
    });
  });

  it('signs "<t>.<body>" with HMAC-SHA256, as documented', () => {
    const body = '{"schemaVersion":1}';
    const expected = createHmac('sha256', 'secret').update(`1700000000.${body}`).digest('hex');
    expect(signatureHeader('secret', 1_700_000_000, body)).toBe(`t=1700000000,v1=${expected}`);
  });
});

describe('export names and CSV fields', () => {
  it('file names keep only safe characters and never start hidden', () => {
    expect(exportBaseName('order:SO/SO001234@2026-11-28T10:15:30.457-05:00')).toBe('order_SO_SO001234_2026-11-28T10_15_30.457-05_00');
    expect(exportBaseName('..\\evil/../x')).toMatch(/^[A-Za-z0-9_][A-Za-z0-9._-]*$/);
  });

  it('quotes commas, quotes, line breaks and edge spaces', () => {
    expect([csvField('plain'), csvField('a,b'), csvField('say "hi"'), csvField('two\nlines'), csvField(' pad'), csvField(null), csvField(2.5)]).toEqual([
      'plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '" pad"', '', '2.5',
    ]);
  });

  it('writes text a spreadsheet would run as a formula behind an apostrophe; numbers and phone numbers as they are', () => {
    const hostile = ['=HYPERLINK("http://evil.example","Click")', '@SUM(A1:A9)', "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", '\tTAB', '=1,2'];
    expect(hostile.map(csvField)).toEqual([
      `"'=HYPERLINK(""http://evil.example"",""Click"")"`, "'@SUM(A1:A9)", "'+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0", "'\tTAB", `"'=1,2"`,
    ]);
    const plain = ['+1 555-0100', '+44 (20) 7946 0958', '-12.5', -2, 'a=b', "O'Brien", '-'];
    expect(plain.map(csvField)).toEqual(['+1 555-0100', '+44 (20) 7946 0958', '-12.5', '-2', 'a=b', "O'Brien", '-']);
  });

  it('guards a formula behind leading whitespace, and the full-width = + - @ some spreadsheet locales convert', () => {
    // Space, LF and NBSP before the sign (tab and CR lead were guarded already); U+3000 is the full-width space.
    const led = [' =1+1', '\n=HYPERLINK("x")', '\u00A0@SUM(A1)', ' +cmd|x', '  -2+cmd|x', '\u3000=1'];
    expect(led.map(csvField)).toEqual(["' =1+1", `"'\n=HYPERLINK(""x"")"`, "'\u00A0@SUM(A1)", "' +cmd|x", "'  -2+cmd|x", "'\u3000=1"]);
    const fullWidth = ['\uFF1D1+1', '\uFF0Bcmd|x', '\uFF0D2+cmd|x', '\uFF20SUM(A1)', ' \uFF1DA1'];
    expect(fullWidth.map(csvField)).toEqual(fullWidth.map((value) => `'${value}`));
    // A signed number or a phone number stays a number, after spaces or in full width too.
    expect([' -12.5', ' +1 555-0100', '\uFF0B1 555-0100', '\uFF0D5'].map(csvField)).toEqual(['" -12.5"', '" +1 555-0100"', '\uFF0B1 555-0100', '\uFF0D5']);
  });

  it('gives back every value exactly from the field it wrote, a value already starting with an apostrophe included', () => {
    const values = [
      '=UPS', "'=UPS", "''@x", "'plain", "O'Brien", "'", ' =1', "' =1", '\n=x', '\u00A0@x', '\uFF1Dx', "'\uFF20x", '\tTAB', "'\tTAB",
      '-', '-5', "'-5", '+1 555-0100', 'a,b', ' pad',
    ];
    const fields = parse(csvLines(values.map((value) => [value])), TRACKING_CSV_OPTIONS) as string[][];
    expect(fields.map(([field]) => withoutFormulaGuard(field ?? ''))).toEqual(values);
  });

  it('reads a tracking CSV it wrote back as the values it was given: the guarding apostrophe comes off, no other', () => {
    const carriers = ['=UPS', '@Home Delivery', '+Express', '-', "'plain", "O'Brien", 'a,b', '\uFF1DUPS', '\uFF20Home', "'=UPS", "'\uFF0BExpress"];
    const text = csvLines([['ShipmentNbr', 'TrackingNbr', 'Carrier'], ...carriers.map((carrier, index) => [`SH${index}`, `1Z${index}`, carrier])]);
    expect(parseTrackingCsv(text).map((row) => (row.ok ? row.input.carrier : row.reason))).toEqual(carriers);
  });
});
