import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AcumaticaError } from '../../../main/acumatica/errors.ts';
import { decodePage, peekPage, scanPage, topLevelElements } from '../../../main/sync/page-decode.ts';

const RUNS = { numRuns: 500, seed: Number(process.env.FUZZ_SEED ?? 20_261_130) };
const v = (value: unknown) => ({ value });

function order(nbr: string, extra: Record<string, unknown> = {}) {
  return {
    id: '0a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b',
    rowNumber: 1,
    OrderType: v('SO'),
    OrderNbr: v(nbr),
    Status: v('Open'),
    LastModified: v('2026-11-28T10:15:30.457-05:00'),
    Details: [{ LineNbr: v(1), InventoryID: v('CABLE'), OrderQty: v(2) }],
    custom: {},
    ...extra,
  };
}

/** What the scan finds, each span parsed on its own. */
function elementsBySpans(text: string): unknown[] | null {
  const spans = topLevelElements(text);
  return spans === null ? null : spans.starts.map((start, i) => JSON.parse(text.slice(start, spans.ends[i])));
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('finding the records of a list page in its text', () => {
  it('finds the same elements JSON.parse does, whatever the values and the whitespace', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 8 }), fc.constantFrom(undefined, 0, 2, '\t', '\r\n '), (elements, indent) => {
        const text = JSON.stringify(elements, null, indent as string | number | undefined);
        expect(elementsBySpans(text)).toEqual(JSON.parse(text));
      }),
      RUNS,
    );
  });

  it('is not fooled by brackets, commas and quotes inside strings', () => {
    const tricky = ['a}b', '[,]', '"', '\\', '\\"}', 'x\\\\', '{"value":1}', '\u2028 é 😀'];
    const text = JSON.stringify(tricky.map((s) => ({ OrderNbr: v(s), note: s })));
    expect(elementsBySpans(text)).toEqual(JSON.parse(text));
    expect(elementsBySpans(`  [ ${JSON.stringify(tricky)} , "]" ]  `)).toEqual([tricky, ']']);
    expect(elementsBySpans('[]')).toEqual([]);
    expect(elementsBySpans(' [\n] ')).toEqual([]);
  });

  it('never reads, from text JSON.parse rejects, records that all parse', () => {
    // Damage a valid page one character at a time: either the scan gives up, or some record's
    // own parse fails; a damaged page is never read as records.
    const damage = fc.record({ at: fc.nat(), char: fc.constantFrom('', '[', ']', '{', '}', '"', ',', ':', '\\', ' ', 'x', '1') });
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 5 }), fc.array(damage, { minLength: 1, maxLength: 3 }), (elements, damages) => {
        let text = JSON.stringify(elements);
        for (const { at, char } of damages) {
          const i = at % (text.length + 1);
          text = char === '' ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + char + text.slice(i);
        }
        let bySpans: unknown[] | null;
        try {
          bySpans = elementsBySpans(text);
        } catch {
          bySpans = null; // a record's own parse failed: the page fails
        }
        if (bySpans !== null) {
          expect(parsesAsJson(text)).toBe(true);
          expect(bySpans).toEqual(JSON.parse(text));
        }
      }),
      RUNS,
    );
  });

  it('gives up on text that is not one JSON array', () => {
    for (const text of ['{}', '"[]"', '', '[', '[1', '[1,]', '[,1]', '[1,,2]', '[1] x', 'x [1]', '["unterminated]', '[1]]']) {
      expect(topLevelElements(text), text).toBeNull();
    }
  });
});

describe('decoding a list page', () => {
  it('counts the records and reads the last key before parsing the rest', () => {
    const body = JSON.stringify([order('SO000001'), order('SO000002'), order('SO000003')]);
    const scanned = scanPage('SalesOrder', body);
    expect(peekPage(scanned)).toEqual({ count: 3, lastKey: ['SO', 'SO000003'] });
    const page = decodePage(scanned);
    expect(page.items.map((o) => [o.orderNbr, o.lines[0]?.inventoryId])).toEqual([
      ['SO000001', 'CABLE'],
      ['SO000002', 'CABLE'],
      ['SO000003', 'CABLE'],
    ]);
    expect(page.rejected).toEqual([]);
  });

  it('pages on the last record that has a key, as the pass always did', () => {
    const body = JSON.stringify([order('SO000001'), order('SO000002'), { id: '1a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b' }]);
    expect(peekPage(scanPage('SalesOrder', body))).toEqual({ count: 3, lastKey: ['SO', 'SO000002'] });
    expect(peekPage(scanPage('SalesOrder', '[{},{}]'))).toEqual({ count: 2, lastKey: null });
  });

  it('skips a record that breaks its schema, naming it, and keeps the others', () => {
    const body = JSON.stringify([order('SO000001'), order('SO000002', { Status: v(42) }), order('SO000003')]);
    const scanned = scanPage('SalesOrder', body);
    const page = decodePage(scanned);
    expect(page.items.map((o) => o.orderNbr)).toEqual(['SO000001', 'SO000003']);
    expect(page.rejected).toEqual([{ id: '0a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b', message: expect.stringMatching(/^SalesOrder SO SO000002 does not have the expected shape: .*Status/) }]);
  });

  it('names a record without a usable key by its id as well, which finds it in Acumatica', () => {
    const noNbr = order('SO000002');
    delete (noNbr as Partial<typeof noNbr>).OrderNbr;
    const body = JSON.stringify([order('SO000001'), noNbr, order('SO000003', { OrderType: 7 })]);
    expect(decodePage(scanPage('SalesOrder', body)).rejected.map((record) => record.message)).toEqual([
      'SalesOrder SO ? (id 0a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b) does not have the expected shape: OrderNbr: expected a value-wrapped field.',
      'SalesOrder ? SO000003 (id 0a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b) does not have the expected shape: OrderType: expected a value-wrapped field.',
    ]);
  });

  it('fails a cut-off page as retryable bad JSON, and stores none of it', () => {
    const body = JSON.stringify([order('SO000001'), order('SO000002')]);
    const cut = body.slice(0, body.length - 40);
    expect(() => scanPage('SalesOrder', cut)).toThrow(expect.objectContaining({ kind: 'bad-response', retryable: true, message: expect.stringMatching(/not valid JSON \(truncated\?\)/) }));
  });

  it('fails a record that is malformed inside, not the ones around it silently', () => {
    const good = JSON.stringify(order('SO000001'));
    const body = `[${good},{"OrderType":{"value":"SO"},"OrderNbr":{"value":"SO000002"} "Status":{}},${good}]`;
    const scanned = scanPage('SalesOrder', body);
    expect(() => decodePage(scanned)).toThrow(AcumaticaError);
    expect(() => decodePage(scanned)).toThrow(/not valid JSON/);
  });

  it('fails a page that is not a list of records with the shape error that names it', () => {
    expect(() => scanPage('SalesOrder', '{"message":"An error has occurred."}')).toThrow(expect.objectContaining({ kind: 'bad-response', retryable: false, message: expect.stringMatching(/the SalesOrder list does not have the expected shape: \(root\): expected an array/) }));
    const numbers = scanPage('SalesOrder', '[1, 2]');
    expect(() => decodePage(numbers)).toThrow(/the SalesOrder list does not have the expected shape/);
  });

  it('skips and names a record whose id is not a GUID, even alone on its page, so that page cannot block the pass', () => {
    const alone = decodePage(scanPage('SalesOrder', JSON.stringify([order('SO000001', { id: 'not-a-guid' })])));
    expect(alone).toEqual({ items: [], rejected: [{ id: null, message: 'SalesOrder SO SO000001 does not have the expected shape: id: expected a GUID.' }], keys: [['SO', 'SO000001']] });
  });

  it('skips and names an element that is not a record among records, so the page cannot block the pass', () => {
    const page = scanPage('SalesOrder', `[${JSON.stringify(order('SO000001'))}, null, ${JSON.stringify(order('SO000002', { id: 'not-a-guid' }))}, ${JSON.stringify(order('SO000003'))}]`);
    expect(peekPage(page)).toEqual({ count: 4, lastKey: ['SO', 'SO000003'] });
    const decoded = decodePage(page);
    expect(decoded.items.map((o) => o.orderNbr)).toEqual(['SO000001', 'SO000003']);
    expect(decoded.rejected).toEqual([
      { id: null, message: 'SalesOrder list element 2 of 4 is not a record; skipped.' },
      { id: null, message: 'SalesOrder SO SO000002 does not have the expected shape: id: expected a GUID.' },
    ]);
  });

  it('decodes shipments and stock items by their own keys', () => {
    const shipment = { id: '3a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b', ShipmentNbr: v('000042'), Status: v('Confirmed'), LastModifiedDateTime: v('2026-11-28T10:15:30-05:00') };
    const shipments = scanPage('Shipment', JSON.stringify([shipment]));
    expect(peekPage(shipments)).toEqual({ count: 1, lastKey: ['000042'] });
    expect(decodePage(shipments).items[0]).toMatchObject({ shipmentNbr: '000042', status: 'Confirmed', lines: [], packages: [] });
    const item = { id: '4a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b', InventoryID: v('CABLE'), Description: v('Cable, 2 m') };
    const items = scanPage('StockItem', JSON.stringify([item]));
    expect(decodePage(items).items).toEqual([
      { id: '4a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b', inventoryId: 'CABLE', description: 'Cable, 2 m', itemStatus: null, baseUom: null, defaultWarehouseId: null, lastModified: null },
    ]);
  });
});
