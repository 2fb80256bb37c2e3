import { describe, expect, it } from 'vitest';
import { and, buildQueryString, dateTimeOffset, eq, ge, gt, le, lt, ne, or } from '../../../main/acumatica/odata-filter.ts';

describe('OData filter builder', () => {
  it('renders comparisons with typed literals', () => {
    expect(eq('OrderType', 'SO')).toBe("OrderType eq 'SO'");
    expect(gt('OrderQty', 5)).toBe('OrderQty gt 5');
    expect(ge('OrderQty', 1.5)).toBe('OrderQty ge 1.5');
    expect(lt('Hold', false)).toBe('Hold lt false');
    expect(le('Approved', true)).toBe('Approved le true');
    expect(ne('Description', null)).toBe('Description ne null');
  });

  it('doubles quotes inside string literals', () => {
    expect(eq('CustomerOrder', "O'Brien's PO")).toBe("CustomerOrder eq 'O''Brien''s PO'");
    expect(eq('CustomerOrder', "''")).toBe("CustomerOrder eq ''''''");
  });

  it('renders datetimeoffset literals exactly as given, offset included', () => {
    expect(gt('LastModified', dateTimeOffset('2026-11-28T10:15:30.457-05:00'))).toBe(
      "LastModified gt datetimeoffset'2026-11-28T10:15:30.457-05:00'",
    );
    expect(gt('LastModified', dateTimeOffset('2026-11-28T10:15:30.457+05:30'))).toBe(
      "LastModified gt datetimeoffset'2026-11-28T10:15:30.457+05:30'",
    );
    expect(gt('LastModified', dateTimeOffset(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6))))).toBe(
      "LastModified gt datetimeoffset'2026-01-02T03:04:05.006Z'",
    );
  });

  it('refuses timestamps without an offset and nonsense dates', () => {
    expect(() => dateTimeOffset('2026-11-28T10:15:30')).toThrow(RangeError);
    expect(() => dateTimeOffset('2026-13-45T10:15:30Z')).toThrow(RangeError);
    expect(() => dateTimeOffset("2026-11-28T10:15:30Z' or 1 eq 1")).toThrow(RangeError);
  });

  it('refuses field names that could inject an expression', () => {
    expect(() => eq('OrderNbr eq 1 or OrderNbr', 'x')).toThrow(RangeError);
    expect(() => eq("x'", 'x')).toThrow(RangeError);
    expect(eq('ShipToAddress/City', 'Austin')).toBe("ShipToAddress/City eq 'Austin'");
  });

  it('combines with and/or, parenthesising every operand', () => {
    const since = dateTimeOffset('2026-11-28T10:15:30.457-05:00');
    const keyset = or(
      gt('LastModified', since),
      and(eq('LastModified', since), gt('OrderType', 'SO')),
      and(eq('LastModified', since), eq('OrderType', 'SO'), gt('OrderNbr', 'SO001234')),
    );
    expect(keyset).toBe(
      "(LastModified gt datetimeoffset'2026-11-28T10:15:30.457-05:00') or " +
        "((LastModified eq datetimeoffset'2026-11-28T10:15:30.457-05:00') and (OrderType gt 'SO')) or " +
        "((LastModified eq datetimeoffset'2026-11-28T10:15:30.457-05:00') and (OrderType eq 'SO') and (OrderNbr gt 'SO001234'))",
    );
    expect(and(eq('A', 1))).toBe('A eq 1');
    expect(() => or()).toThrow(RangeError);
  });

  it('percent-encodes the whole query so + : and spaces survive ASP.NET decoding', () => {
    const filter = gt('LastModified', dateTimeOffset('2026-11-28T10:15:30.457+05:30'));
    const qs = buildQueryString({ filter, top: 100, skip: 200, expand: ['Details', 'ShipToAddress'], select: ['OrderNbr'] });
    expect(qs).toBe(
      '$filter=LastModified%20gt%20datetimeoffset\'2026-11-28T10%3A15%3A30.457%2B05%3A30\'' +
        '&$expand=Details%2CShipToAddress&$select=OrderNbr&$top=100&$skip=200',
    );
    expect(qs).not.toContain('+');
    // What the server decodes is exactly the filter we built.
    const decoded = new URLSearchParams(qs.replaceAll('+', '%2B'));
    expect(decoded.get('$filter')).toBe(filter);
    expect(new URL(`https://h/?${qs}`).searchParams.get('$filter')).toBe(filter);
  });

  it('encodes quotes, ampersands and hashes inside string literals', () => {
    const filter = eq('CustomerOrder', "A&B #1 'x' 100%");
    const qs = buildQueryString({ filter });
    expect(new URL(`https://h/?${qs}`).searchParams.get('$filter')).toBe("CustomerOrder eq 'A&B #1 ''x'' 100%'");
  });

  it('omits empty parts and refuses bad counts', () => {
    expect(buildQueryString({})).toBe('');
    expect(buildQueryString({ expand: [] })).toBe('');
    expect(() => buildQueryString({ top: -1 })).toThrow(RangeError);
    expect(() => buildQueryString({ skip: 1.5 })).toThrow(RangeError);
  });
});
