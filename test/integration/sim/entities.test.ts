// The contract-based API: endpoints, wire format, query options, errors and rights.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { accessToken, api, http, T0, V } from './helpers.ts';

let sim: Simulator;
let token: string;
const OFFSET_TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}-05:00$/;

beforeAll(async () => {
  sim = await startSimulator({ orders: 300, clock: () => T0, virtualDirectory: '/AcumaticaERP', maxApiSessions: 100 });
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(async () => {
  sim.reset();
  token = await accessToken(sim);
});

const list = (entity: string, query: Record<string, string> = {}, version = '24.200.001') =>
  api(sim, token, `/entity/Default/${version}/${entity}`, { query });

describe('endpoints', () => {
  it('GET /entity lists the Default endpoints with server-relative hrefs', async () => {
    const res = await api(sim, token, '/entity');
    expect(res.status).toBe(200);
    expect(res.json.version.acumaticaBuildVersion).toEqual(expect.any(String));
    expect(res.json.endpoints.map((e: { version: string }) => e.version)).toEqual(['20.200.001', '22.200.001', '23.200.001', '24.200.001']);
    expect(res.json.endpoints[0]).toEqual({ name: 'Default', version: '20.200.001', href: '/AcumaticaERP/entity/Default/20.200.001/' });
  });

  it('an unknown version or entity is 404; a path outside the virtual directory is an IIS 404', async () => {
    expect((await list('SalesOrder', {}, '25.200.001')).status).toBe(404);
    expect((await list('Invoice')).status).toBe(404);
    const outside = await http(`${sim.origin}/entity/Default/24.200.001/SalesOrder`, { headers: { authorization: `Bearer ${token}` } });
    expect(outside.status).toBe(404);
    expect(outside.headers['content-type']).toContain('text/html');
  });
});

describe('wire format', () => {
  it('wraps every field, renders offsets with milliseconds and carries id, rowNumber, note, custom, _links', async () => {
    const res = await list('SalesOrder', { $top: '3' });
    expect(res.status).toBe(200);
    expect(res.json).toHaveLength(3);
    const [first] = res.json;
    expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.rowNumber).toBe(1);
    expect(first.note).toEqual({ value: '' });
    expect(first.custom).toEqual({});
    expect(first.OrderType).toEqual({ value: expect.any(String) });
    expect(first.LastModified.value).toMatch(OFFSET_TS);
    expect(first._links.self).toBe(`/AcumaticaERP/entity/Default/24.200.001/SalesOrder/${first.id}`);
    expect(first.Details).toBeUndefined();
    expect(first.ShipToAddress).toBeUndefined();
  });

  it('renders a null top-level field as {}', async () => {
    const order = sim.admin.createOrder({ description: null });
    const res = await api(sim, token, `${V}/SalesOrder/SO/${order.orderNbr}`);
    expect(res.json.Description).toEqual({});
  });

  it('GET by key and by id; a missing key is 500 "No entity satisfies the condition."', async () => {
    const order = sim.inspect.orders().find((o) => o.orderType === 'SO');
    if (!order) throw new Error('no SO order');
    const byKey = await api(sim, token, `${V}/SalesOrder/SO/${order.orderNbr}`, { query: { $expand: 'Details' } });
    expect(byKey.json.OrderNbr.value).toBe(order.orderNbr);
    expect(byKey.json.Details).toHaveLength(order.lines.length);
    const byId = await api(sim, token, `${V}/SalesOrder/${order.id}`);
    expect(byId.json.OrderNbr.value).toBe(order.orderNbr);
    const missing = await api(sim, token, `${V}/SalesOrder/SO/SO999999`);
    expect(missing.status).toBe(500);
    expect(missing.json).toEqual({ message: expect.any(String), exceptionMessage: 'No entity satisfies the condition.', exceptionType: expect.any(String), stackTrace: expect.any(String) });
  });
});

describe('query options', () => {
  it('lists come back in key order (OrderType, then OrderNbr)', async () => {
    const res = await list('SalesOrder', { $select: 'OrderType,OrderNbr' });
    const keys = res.json.map((o: { OrderType: { value: string }; OrderNbr: { value: string } }) => `${o.OrderType.value} ${o.OrderNbr.value}`);
    expect(keys).toHaveLength(300);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys.map((k: string) => k.slice(0, 2)))).toEqual(new Set(['QT', 'RC', 'SO']));
  });

  it('$top and $skip page through the list without overlap', async () => {
    const all = (await list('SalesOrder', { $select: 'OrderNbr,OrderType' })).json;
    const pages = [];
    for (let skip = 0; skip < 300; skip += 70) pages.push(...(await list('SalesOrder', { $select: 'OrderNbr,OrderType', $top: '70', $skip: String(skip) })).json);
    expect(pages.map((o: { id: string }) => o.id)).toEqual(all.map((o: { id: string }) => o.id));
  });

  it('$expand returns nested objects and detail arrays; $select narrows fields', async () => {
    const res = await list('SalesOrder', { $top: '1', $expand: 'ShipToAddress,ShipToContact,Details', $select: 'OrderNbr,Details/InventoryID,ShipToAddress' });
    const [o] = res.json;
    expect(Object.keys(o).filter((k) => /^[A-Z]/.test(k)).sort()).toEqual(['Details', 'OrderNbr', 'ShipToAddress', 'ShipToContact']);
    expect(o.ShipToAddress.City).toEqual({ value: expect.any(String) });
    expect(o.ShipToContact.Attention).toEqual({ value: expect.any(String) });
    expect(Object.keys(o.Details[0]).filter((k) => /^[A-Z]/.test(k))).toEqual(['InventoryID']);
    expect(o.Details[0]).toMatchObject({ id: expect.any(String), rowNumber: 1 });
  });

  it('SalesOrder has Shipments when expanded', async () => {
    const shipped = sim.inspect.shipments()[0];
    if (!shipped) throw new Error('no shipment');
    const ref = shipped.orders[0];
    const res = await api(sim, token, `${V}/SalesOrder/${ref?.orderType}/${ref?.orderNbr}`, { query: { $expand: 'Shipments' } });
    expect(res.json.Shipments.map((s: { ShipmentNbr: { value: string } }) => s.ShipmentNbr.value)).toContain(shipped.shipmentNbr);
  });

  it('filters with eq ne gt ge lt le, and/or and parentheses', async () => {
    const orders = sim.inspect.orders();
    const count = (pred: (o: (typeof orders)[number]) => boolean) => orders.filter(pred).length;
    const cases: [string, number][] = [
      ["Status eq 'Open'", count((o) => o.status === 'Open')],
      ["Status ne 'Open'", count((o) => o.status !== 'Open')],
      ["OrderType eq 'SO' and (Status eq 'Completed' or Status eq 'Cancelled')", count((o) => o.orderType === 'SO' && ['Completed', 'Cancelled'].includes(o.status))],
      ["OrderNbr gt 'SO000100'", count((o) => o.orderNbr > 'SO000100')],
      ["OrderNbr ge 'SO000100'", count((o) => o.orderNbr >= 'SO000100')],
      ["OrderNbr lt 'QT000010'", count((o) => o.orderNbr < 'QT000010')],
      ["OrderNbr le 'QT000010'", count((o) => o.orderNbr <= 'QT000010')],
      // SQL Server's default collation: string comparisons ignore case.
      ["Status eq 'open'", count((o) => o.status === 'Open')],
    ];
    for (const [filter, expected] of cases) {
      const res = await list('SalesOrder', { $filter: filter, $select: 'OrderNbr' });
      expect(res.status, filter).toBe(200);
      expect(res.json.length, filter).toBe(expected);
    }
  });

  it("filters by datetimeoffset literals in any offset, '+' included when it is encoded", async () => {
    const orders = sim.inspect.orders();
    const cutoff = [...orders].sort((a, b) => a.lastModified - b.lastModified)[150]?.lastModified ?? 0;
    const expected = orders.filter((o) => o.lastModified > cutoff).length;
    const plus = new Date(cutoff + 2 * 3600_000).toISOString().slice(0, 23) + '+02:00';
    const minus = new Date(cutoff - 5 * 3600_000).toISOString().slice(0, 23) + '-05:00';
    for (const literal of [plus, minus, new Date(cutoff).toISOString()]) {
      const res = await list('SalesOrder', { $filter: `LastModified gt datetimeoffset'${literal}'`, $select: 'LastModified' });
      expect(res.status, literal).toBe(200);
      expect(res.json.length, literal).toBe(expected);
    }
    // An unencoded '+' arrives as a space, as with ASP.NET: the literal is invalid.
    const raw = await http(`${sim.baseUrl}${V}/SalesOrder?$filter=${encodeURIComponent(`LastModified gt datetimeoffset'${plus}'`).replace('%2B', '+')}`, { headers: { authorization: `Bearer ${token}` } });
    expect(raw.status).toBe(500);
  });

  it('a field the entity lacks is a 500 in $filter, $select and $expand', async () => {
    for (const query of [
      { $filter: "LastModifiedDateTime gt datetimeoffset'2026-01-01T00:00:00.000-05:00'" },
      { $select: 'LastModifiedDateTime' },
      { $expand: 'Packages' },
    ] as Record<string, string>[]) {
      const res = await list('SalesOrder', query);
      expect(res.status).toBe(500);
      expect(Object.keys(res.json).sort()).toEqual(['exceptionMessage', 'exceptionType', 'message', 'stackTrace']);
    }
    expect((await list('Shipment', { $filter: "LastModified gt datetimeoffset'2026-01-01T00:00:00.000-05:00'" })).status).toBe(500);
    const shipments = await list('Shipment', { $filter: "LastModifiedDateTime gt datetimeoffset'2026-01-01T00:00:00.000-05:00'", $top: '1' });
    expect(shipments.status).toBe(200);
    expect(shipments.json[0].LastModifiedDateTime.value).toMatch(OFFSET_TS);
  });

  it('StockItem has LastModifiedDateTime only from 24.200.001', async () => {
    expect((await list('StockItem', { $select: 'LastModifiedDateTime', $top: '1' }, '23.200.001')).status).toBe(500);
    const old = await list('StockItem', { $top: '1' }, '23.200.001');
    expect(old.json[0].LastModifiedDateTime).toBeUndefined();
    expect(old.json[0].LastModified.value).toMatch(OFFSET_TS);
    const res = await list('StockItem', { $top: '1', $expand: 'WarehouseDetails' });
    expect(res.json[0].LastModifiedDateTime.value).toBe(res.json[0].LastModified.value);
    expect(res.json[0].WarehouseDetails[0].QtyOnHand).toEqual({ value: expect.any(Number) });
  });

  it('a modification moves the record past a last-modified cursor', async () => {
    const cursor = new Date(T0).toISOString();
    expect((await list('SalesOrder', { $filter: `LastModified gt datetimeoffset'${cursor}'` })).json).toHaveLength(0);
    const order = sim.inspect.orders()[10];
    sim.clock.advance(1234);
    sim.admin.setOrderStatus(order?.orderType ?? '', order?.orderNbr ?? '', 'On Hold');
    const after = await list('SalesOrder', { $filter: `LastModified gt datetimeoffset'${cursor}'` });
    expect(after.json.map((o: { OrderNbr: { value: string } }) => o.OrderNbr.value)).toEqual([order?.orderNbr]);
    expect(after.json[0].LastModified.value).toBe('2026-11-28T10:00:01.234-05:00');
  });

  it("answers with a Date header from the clock that stamps LastModified, advances included", async () => {
    // A client takes its next cursor from the Date header: a header from another clock than the
    // records' would let every test of that cursor pass, however wrong it was.
    sim.clock.advance(90 * 60_000);
    const res = await list('SalesOrder', { $top: '1' });
    expect(res.headers['date']).toBe(new Date(T0 + 90 * 60_000).toUTCString());
  });
});

describe('rights', () => {
  it.each([
    ['SalesOrder', 'Sales Orders (SO301000)'],
    ['Shipment', 'Shipments (SO302000)'],
    ['StockItem', 'Stock Items (IN202500)'],
  ])('no right on %s is a 403 naming the form', async (entity, form) => {
    sim.admin.setRights(sim.credentials.username, { [entity]: 'none' });
    const res = await list(entity);
    expect(res.status).toBe(403);
    expect(res.json.message).toBe(`You have insufficient rights to access the ${form} form.`);
  });
});
