import { describe, expect, it } from 'vitest';
import { parseRecords } from '../../../main/acumatica/entity-parse.ts';
import { AcumaticaError } from '../../../main/acumatica/errors.ts';
import { toOrder, toShipment, toStockItem } from '../../../main/acumatica/mappers.ts';
import { EntityListWire, SalesOrderWire, ShipmentWire, StockItemWire, TokenResponseWire } from '../../../main/acumatica/wire.ts';

const v = (value: unknown) => ({ value });

const salesOrder = {
  id: '0a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b',
  rowNumber: 1,
  note: { value: '' },
  OrderType: v('SO'),
  OrderNbr: v('SO001234'),
  Status: v('Open'),
  Date: v('2026-11-28T00:00:00-05:00'),
  RequestedOn: {},
  CustomerID: v('ABCSTUDIOS'),
  CustomerOrder: v(null),
  ShipVia: v('UPSGROUND'),
  LastModified: v('2026-11-28T10:15:30.457-05:00'),
  ShipToAddress: { id: '1a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b', AddressLine1: v('1 Main St'), City: v('Austin'), State: v('TX'), PostalCode: v('78701'), Country: v('US') },
  ShipToContact: { Attention: v('Dock 4'), Email: v('ops@example.com'), Phone1: v('+1 512 555 0100') },
  Details: [
    { id: '2a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b', LineNbr: v(1), InventoryID: v('AACOMPUT01'), OrderQty: v(2), UOM: v('EA'), UnitPrice: v(1499.5), WarehouseID: v('WHOLESALE') },
    { LineNbr: v('2'), InventoryID: v('CABLE'), OrderQty: v('10.0000'), LineDescription: v('Cable, 2 m') },
  ],
  custom: {},
  _links: { self: '/AcumaticaERP/entity/Default/24.200.001/SalesOrder/0a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b' },
};

describe('wire format to domain types', () => {
  it('maps a SalesOrder, keeping the offset timestamp exactly and nulling absent fields', () => {
    const order = toOrder(SalesOrderWire.parse(salesOrder));
    expect(order).toEqual({
      id: '0a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b',
      orderType: 'SO',
      orderNbr: 'SO001234',
      status: 'Open',
      date: '2026-11-28T00:00:00-05:00',
      requestedOn: null,
      customerId: 'ABCSTUDIOS',
      customerOrder: null,
      description: null,
      shipVia: 'UPSGROUND',
      lastModified: '2026-11-28T10:15:30.457-05:00',
      shipTo: { addressLine1: '1 Main St', addressLine2: null, city: 'Austin', state: 'TX', postalCode: '78701', country: 'US' },
      shipToContact: { attention: 'Dock 4', businessName: null, email: 'ops@example.com', phone: '+1 512 555 0100' },
      lines: [
        { lineNbr: 1, inventoryId: 'AACOMPUT01', description: null, quantity: 2, uom: 'EA', warehouseId: 'WHOLESALE', unitPrice: 1499.5 },
        { lineNbr: 2, inventoryId: 'CABLE', description: 'Cable, 2 m', quantity: 10, uom: null, warehouseId: null, unitPrice: null },
      ],
    });
  });

  it('treats unexpanded nested objects and detail arrays as empty', () => {
    const { ShipToAddress: _a, ShipToContact: _c, Details: _d, ...bare } = salesOrder;
    const order = toOrder(SalesOrderWire.parse(bare));
    expect(order.lines).toEqual([]);
    expect(order.shipTo.city).toBeNull();
    expect(order.shipToContact.email).toBeNull();
  });

  it('passes zero and negative line quantities on as Acumatica holds them (docs/webhook-payload.md)', () => {
    const details = [
      { LineNbr: v(1), InventoryID: v('CUT'), OrderQty: v(0) },
      { LineNbr: v(2), InventoryID: v('RETURNED'), OrderQty: v('-3.0000') },
    ];
    const order = toOrder(SalesOrderWire.parse({ ...salesOrder, Details: details }));
    expect(order.lines.map((line) => [line.inventoryId, line.quantity])).toEqual([['CUT', 0], ['RETURNED', -3]]);
  });

  it('accepts UTC, positive offsets and seven-digit fractions', () => {
    for (const stamp of ['2026-11-28T15:15:30Z', '2026-11-29T01:45:30.4570000+10:30', '2026-11-28T10:15:30-05:00']) {
      expect(toOrder(SalesOrderWire.parse({ ...salesOrder, LastModified: v(stamp) })).lastModified).toBe(stamp);
    }
  });

  it('rejects records without a key, a bad id or a malformed timestamp', () => {
    expect(SalesOrderWire.safeParse({ ...salesOrder, OrderNbr: undefined }).success).toBe(false);
    expect(SalesOrderWire.safeParse({ ...salesOrder, OrderNbr: {} }).success).toBe(false);
    expect(SalesOrderWire.safeParse({ ...salesOrder, id: 'not-a-guid' }).success).toBe(false);
    expect(SalesOrderWire.safeParse({ ...salesOrder, LastModified: v('28/11/2026 10:15') }).success).toBe(false);
    expect(SalesOrderWire.safeParse({ ...salesOrder, Details: [{ LineNbr: v(1), OrderQty: v(1) }] }).success).toBe(false);
  });

  it('takes a line number only as a whole number: the ledger and deliveries key lines on it', () => {
    const withLineNbr = (lineNbr: unknown) => ({ ...salesOrder, Details: [{ ...salesOrder.Details[0], LineNbr: v(lineNbr) }] });
    expect(SalesOrderWire.parse(withLineNbr('3')).Details[0]?.LineNbr).toBe(3);
    expect(SalesOrderWire.parse(withLineNbr(4)).Details[0]?.LineNbr).toBe(4);
    expect(SalesOrderWire.safeParse(withLineNbr(1.5)).error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['Details.0.LineNbr.value', 'expected a whole number'],
    ]);
  });

  it('reports every problem of a record by its path', () => {
    const result = SalesOrderWire.safeParse({
      ...salesOrder,
      OrderNbr: v(12345),
      ShipToAddress: { City: 'Austin' },
      Details: [salesOrder.Details[0], { LineNbr: v(2), OrderQty: v('ten') }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['OrderNbr.value', 'expected a string'],
      ['ShipToAddress.City', 'expected a value-wrapped field'],
      ['Details.1.InventoryID', 'expected a value-wrapped field'],
      ['Details.1.OrderQty.value', 'expected a number'],
    ]);
    expect(SalesOrderWire.safeParse('not a record').error?.issues[0]?.message).toBe('expected an object');
  });

  it('checks list records without copying them (the entity schema reads them next)', () => {
    const records = [salesOrder, { id: undefined, Other: v(1) }];
    const listed = EntityListWire.parse(records);
    expect(listed[0]).toBe(salesOrder);
    expect(listed[1]).toBe(records[1]);
    expect(EntityListWire.safeParse([salesOrder, 'text', { id: null }]).error?.issues.map((issue) => issue.path.join('.'))).toEqual(['1', '2.id']);
    expect(EntityListWire.safeParse({ not: 'a list' }).success).toBe(false);
  });

  it('names the failing record and field, never its values, in a bad-response error', () => {
    const bad = { ...salesOrder, OrderNbr: v(12345), CustomerID: v('SECRET-CUSTOMER') };
    let error: unknown;
    try {
      parseRecords([salesOrder, bad], SalesOrderWire, 'SalesOrder');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AcumaticaError);
    const failure = error as AcumaticaError;
    expect(failure.kind).toBe('bad-response');
    expect(failure.retryable).toBe(false);
    expect(failure.message).toContain('SalesOrder record 2 of 2');
    expect(failure.message).toContain('OrderNbr');
    expect(failure.message).not.toContain('SECRET-CUSTOMER');
  });

  it('maps a Shipment with packages, lines and orders', () => {
    const shipment = toShipment(
      ShipmentWire.parse({
        id: '3a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b',
        ShipmentNbr: v('SH000101'),
        Type: v('Shipment'),
        Status: v('Open'),
        ShipmentDate: v('2026-11-28T00:00:00+01:00'),
        LastModifiedDateTime: v('2026-11-28T16:00:00.1+01:00'),
        Details: [{ OrderType: v('SO'), OrderNbr: v('SO001234'), InventoryID: v('CABLE'), ShippedQty: v(3) }, { InventoryID: v('X') }],
        Packages: [{ id: '4a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b', BoxID: v('LARGE'), TrackingNbr: v(null), Weight: v(2.5) }],
        Orders: [{ OrderType: v('SO'), OrderNbr: v('SO001234') }],
      }),
    );
    expect(shipment).toMatchObject({
      shipmentNbr: 'SH000101',
      lastModified: '2026-11-28T16:00:00.1+01:00',
      customerId: null,
      lines: [
        { orderType: 'SO', orderNbr: 'SO001234', inventoryId: 'CABLE', shippedQty: 3 },
        { orderType: null, orderNbr: null, inventoryId: 'X', shippedQty: 0 },
      ],
      packages: [{ id: '4a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b', boxId: 'LARGE', trackingNbr: null, weight: 2.5 }],
      orders: [{ orderType: 'SO', orderNbr: 'SO001234' }],
    });
  });

  it('requires LastModifiedDateTime on a Shipment (its LastModified is not the field)', () => {
    const result = ShipmentWire.safeParse({ id: '3a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b', ShipmentNbr: v('S1'), Status: v('Open'), LastModified: v('2026-11-28T16:00:00Z') });
    expect(result.success).toBe(false);
  });

  it('maps a StockItem whose LastModified is absent', () => {
    expect(toStockItem(StockItemWire.parse({ id: '5a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b', InventoryID: v('CABLE'), BaseUOM: v('EA') }))).toEqual({
      id: '5a7c2e9a-1f3b-4d6e-9a8b-1c2d3e4f5a6b',
      inventoryId: 'CABLE',
      description: null,
      itemStatus: null,
      baseUom: 'EA',
      defaultWarehouseId: null,
      lastModified: null,
    });
  });

  it('parses token responses with expires_in as a number or a string', () => {
    expect(TokenResponseWire.parse({ access_token: 'a', token_type: 'Bearer', expires_in: 3600 }).expires_in).toBe(3600);
    expect(TokenResponseWire.parse({ access_token: 'a', token_type: 'Bearer', expires_in: '3600', refresh_token: 'r' }).expires_in).toBe(3600);
    expect(TokenResponseWire.safeParse({ access_token: 'a', expires_in: 'soon' }).success).toBe(false);
    expect(TokenResponseWire.safeParse({ access_token: '', expires_in: 1 }).success).toBe(false);
  });
});
