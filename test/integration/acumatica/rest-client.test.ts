import { afterEach, describe, expect, it } from 'vitest';
import type { Endpoint } from '../../../main/acumatica/endpoint-discovery.ts';
import { LAST_MODIFIED_FIELD } from '../../../main/acumatica/entities.ts';
import { and, dateTimeOffset, eq, gt, or, type Filter } from '../../../main/acumatica/odata-filter.ts';
import type { EndpointMemory } from '../../../main/acumatica/rest-client.ts';
import { startHarness, type Harness } from './support.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const V = '24.200.001';

describe('REST client against the simulator', () => {
  it('discovers the newest supported Default endpoint, or uses a pinned one', async () => {
    h = await startHarness();
    expect(await h.conn.client.discover()).toMatchObject({ name: 'Default', version: V });
    const pinned = h.connect({ endpointVersion: '22.200.001' });
    await pinned.entities.listSalesOrders({ top: 1 });
    expect(h.sim.inspect.count({ path: '/entity/Default/22.200.001/SalesOrder' })).toBe(1);
    const missing = h.connect({ endpointVersion: '25.200.001' });
    await expect(missing.client.discover()).rejects.toMatchObject({ kind: 'configuration' });
  });

  it('reuses a remembered endpoint without asking, and rediscovers once when the instance dropped it', async () => {
    h = await startHarness();
    let remembered: Endpoint | null = null;
    const memory: EndpointMemory = { recall: () => remembered, remember: (endpoint) => void (remembered = endpoint) };

    // First run: discovery, and the choice is kept.
    await h.connect({ endpointMemory: memory }).entities.listSalesOrders({ top: 1 });
    expect(remembered).toMatchObject({ name: 'Default', version: V });
    expect(h.sim.inspect.count({ path: /^\/entity$/ })).toBe(1);

    // A restart: straight to the list, no GET /entity.
    await h.connect({ endpointMemory: memory }).entities.listSalesOrders({ top: 1 });
    expect(h.sim.inspect.count({ path: /^\/entity$/ })).toBe(1);

    // Remembered from before an upgrade the instance no longer serves: one 404, one discovery, the read again.
    remembered = { name: 'Default', version: '25.200.001', acumaticaBuild: null };
    const page = await h.connect({ endpointMemory: memory }).entities.listSalesOrders({ top: 1 });
    expect(page.records).toHaveLength(1);
    expect(h.sim.inspect.count({ path: '/entity/Default/25.200.001/SalesOrder' })).toBe(1);
    expect(h.sim.inspect.count({ path: /^\/entity$/ })).toBe(2);
    expect(remembered).toMatchObject({ version: V });

    // A pinned version neither reads nor writes the memory.
    remembered = null;
    await h.connect({ endpointMemory: memory, endpointVersion: '22.200.001' }).entities.listSalesOrders({ top: 1 });
    expect(remembered).toBeNull();
  });

  it('works under a virtual directory, resolving server paths against the host', async () => {
    h = await startHarness({ virtualDirectory: '/AcumaticaERP' });
    const page = await h.conn.entities.listShipments({ top: 3 });
    expect(page.records).toHaveLength(3);
    const open = h.sim.inspect.shipments().find((s) => s.status === 'Open');
    expect(open).toBeDefined();
    await h.conn.entities.confirmShipment(open?.shipmentNbr ?? '');
    expect(h.sim.inspect.shipment(open?.shipmentNbr ?? '')?.status).toBe('Confirmed');
    const paths = h.sim.inspect.requests().map((r) => r.path);
    expect(paths.every((p) => p.startsWith('/AcumaticaERP/'))).toBe(true);
    expect(paths.some((p) => p.includes('/AcumaticaERP/AcumaticaERP'))).toBe(false);
  });

  it('filters on offset timestamps: the + of the offset arrives as +', async () => {
    h = await startHarness({ utcOffsetMinutes: 330 });
    const all = await h.conn.entities.listSalesOrders({ top: 1_000, expand: [] });
    const pivot = all.records[Math.floor(all.records.length / 2)];
    expect(pivot?.lastModified).toMatch(/\+05:30$/);
    const since = pivot?.lastModified ?? '';
    const page = await h.conn.entities.listSalesOrders({ filter: gt(LAST_MODIFIED_FIELD.SalesOrder, dateTimeOffset(since)), top: 1_000, expand: [] });
    const expected = h.sim.inspect.orders().filter((o) => o.lastModified > Date.parse(since));
    expect(page.records.map((o) => o.orderNbr)).toEqual(expected.map((o) => o.orderNbr));
    expect(page.records.every((o) => Date.parse(o.lastModified) > Date.parse(since))).toBe(true);
    const sent = h.sim.inspect.requests({ path: '/SalesOrder' }).at(-1);
    expect(sent?.query['$filter']).toBe(`LastModified gt datetimeoffset'${since}'`);
  });

  it('pages by key with an arbitrary filter and returns the server Date and request count', async () => {
    h = await startHarness({ orders: 120 });
    const seen: string[] = [];
    let after: { type: string; nbr: string } | null = null;
    for (;;) {
      const filter: Filter | undefined = after
        ? or(gt('OrderType', after.type), and(eq('OrderType', after.type), gt('OrderNbr', after.nbr)))
        : undefined;
      const page = await h.conn.entities.listSalesOrders({ filter, top: 25 });
      expect(page.requests).toBe(1);
      expect(page.serverDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
      seen.push(...page.records.map((o) => `${o.orderType} ${o.orderNbr}`));
      const last = page.records.at(-1);
      if (page.records.length < 25 || !last) break;
      after = { type: last.orderType, nbr: last.orderNbr };
    }
    expect(seen).toEqual(h.sim.inspect.orders().map((o) => `${o.orderType} ${o.orderNbr}`));
  });

  it('pages with $top/$skip', async () => {
    h = await startHarness({ orders: 30 });
    const first = await h.conn.entities.listSalesOrders({ top: 20, skip: 0 });
    const second = await h.conn.entities.listSalesOrders({ top: 20, skip: 20 });
    expect([...first.records, ...second.records].map((o) => o.orderNbr)).toEqual(h.sim.inspect.orders().map((o) => o.orderNbr));
  });

  it('maps orders, shipments and stock items to domain types', async () => {
    h = await startHarness();
    const { records: orders } = await h.conn.entities.listSalesOrders({ top: 2 });
    const source = h.sim.inspect.orders()[0];
    expect(orders[0]).toMatchObject({
      id: source?.id,
      orderType: source?.orderType,
      orderNbr: source?.orderNbr,
      customerId: source?.customerId,
      shipTo: { city: source?.shipTo.city ?? null },
    });
    expect(orders[0]?.lines).toHaveLength(source?.lines.length ?? -1);
    expect(orders[0]?.lines[0]).toMatchObject({ inventoryId: source?.lines[0]?.inventoryId, quantity: source?.lines[0]?.orderQty });

    const shipment = h.sim.inspect.shipments()[0];
    const { record } = await h.conn.entities.getShipment(shipment?.shipmentNbr ?? '');
    expect(record.packages.map((p) => p.id)).toEqual(shipment?.packages.map((p) => p.id));
    expect(record.orders[0]).toEqual({ orderType: shipment?.orders[0]?.orderType, orderNbr: shipment?.orders[0]?.orderNbr });
    expect(record.lastModified).toMatch(/-05:00$/);

    const items = await h.conn.entities.listStockItems({ top: 3 });
    expect(items.records[0]?.inventoryId).toBe(h.sim.inspect.stockItems()[0]?.inventoryId);
    const { record: order } = await h.conn.entities.getSalesOrder(source?.orderType ?? '', source?.orderNbr ?? '');
    expect(order.orderNbr).toBe(source?.orderNbr);
  });

  it('a missing record is not-found', async () => {
    h = await startHarness();
    await expect(h.conn.entities.getShipment('NOPE000')).rejects.toMatchObject({ kind: 'not-found', retryable: false });
    expect(h.sim.inspect.count({ path: '/Shipment/NOPE000' })).toBe(1);
  });

  it('asking for a field the entity lacks is a server error, sent once', async () => {
    h = await startHarness();
    const wrong = gt('LastModifiedDateTime', dateTimeOffset('2026-01-01T00:00:00Z'));
    await expect(h.conn.client.list('SalesOrder', { filter: wrong })).rejects.toMatchObject({ kind: 'server', retryable: false, status: 500 });
    expect(h.sim.inspect.count({ path: '/SalesOrder' })).toBe(1);
  });

  it('writes tracking numbers (update-only) and reports field errors as validation', async () => {
    h = await startHarness();
    const shipment = h.sim.inspect.shipments().find((s) => s.packages.length > 0);
    const pkg = shipment?.packages[0];
    const { record } = await h.conn.entities.putShipmentPackages(shipment?.id ?? '', [{ id: pkg?.id ?? '', trackingNbr: '1Z999AA10123456784' }]);
    expect(record.packages.find((p) => p.id === pkg?.id)?.trackingNbr).toBe('1Z999AA10123456784');
    expect(h.sim.inspect.shipmentPackages(shipment?.shipmentNbr ?? '').find((p) => p.id === pkg?.id)?.trackingNbr).toBe('1Z999AA10123456784');

    const error = await h.conn.entities
      .putShipmentPackages(shipment?.id ?? '', [{ trackingNbr: 'X', boxId: 'HUGE' }])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'validation', status: 422 });
    expect((error as { fieldErrors: unknown[] }).fieldErrors).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.stringContaining('Packages.0.BoxID') })]));
  });

  it('forbidden names the form to grant', async () => {
    h = await startHarness();
    h.sim.admin.setRights(h.creds.username, { SalesOrder: 'none' });
    await expect(h.conn.entities.listSalesOrders({ top: 1 })).rejects.toMatchObject({
      kind: 'forbidden',
      retryable: false,
      form: { id: 'SO301000', name: 'Sales Orders' },
    });
  });

  it('retries 429 (JSON and plain text) and 5xx with capped, jittered backoff', async () => {
    h = await startHarness();
    await h.conn.tokens.getAccessToken();
    h.sim.faults.rateLimit({ path: '/SalesOrder', times: 1 });
    h.sim.faults.rateLimitText({ path: '/SalesOrder', times: 1, skip: 1 });
    h.sim.faults.htmlError({ path: '/SalesOrder', status: 503, times: 1, skip: 2 });
    const sleeps = h.clock.sleeps.length;
    const page = await h.conn.entities.listSalesOrders({ top: 1 });
    expect(page.requests).toBe(4);
    expect(h.clock.sleeps.slice(sleeps)).toEqual([750, 1_500, 3_000]);
  });

  it('gives up after the attempt limit with the last error', async () => {
    h = await startHarness({}, { retry: { maxAttempts: 3 } });
    h.sim.faults.serverError({ path: '/SalesOrder', status: 503, times: Infinity });
    await expect(h.conn.entities.listSalesOrders({ top: 1 })).rejects.toMatchObject({ kind: 'server', retryable: true, status: 503 });
    expect(h.sim.inspect.count({ path: '/SalesOrder' })).toBe(3);
  });

  it('recognises every form of the login limit on API calls, without following the redirect', async () => {
    for (const form of ['429', '429-text', '500', '302'] as const) {
      h = await startHarness({}, { retry: { maxAttempts: 1 } });
      h.sim.faults.loginLimit(form, { path: '/SalesOrder' });
      await expect(h.conn.entities.listSalesOrders({ top: 1 }), form).rejects.toMatchObject({ kind: 'login-limit', retryable: true });
      expect(h.sim.inspect.count({ path: /Error\.aspx/i }), form).toBe(0);
      await h.close();
    }
  });

  it('an HTML page with status 200 is a bad response', async () => {
    h = await startHarness({}, { retry: { maxAttempts: 1 } });
    h.sim.faults.htmlError({ path: '/SalesOrder', status: 200 });
    await expect(h.conn.entities.listSalesOrders({ top: 1 })).rejects.toMatchObject({ kind: 'bad-response' });
  });

  it('a truncated body is a retryable bad response, and is retried for reads', async () => {
    h = await startHarness({}, { retry: { maxAttempts: 1 } });
    h.sim.faults.truncateBody({ path: '/SalesOrder' });
    await expect(h.conn.entities.listSalesOrders({ top: 5 })).rejects.toMatchObject({ kind: 'bad-response', retryable: true });
    h.sim.faults.truncateBody({ path: '/SalesOrder' });
    const retrying = h.connect({ retry: { maxAttempts: 2 } });
    expect((await retrying.entities.listSalesOrders({ top: 5 })).records).toHaveLength(5);
  });

  it('a dropped connection is retried for reads but not for writes that may have happened', async () => {
    h = await startHarness();
    await h.conn.tokens.getAccessToken();
    h.sim.faults.dropConnection({ path: '/SalesOrder', when: 'before' });
    expect((await h.conn.entities.listSalesOrders({ top: 1 })).requests).toBe(2);

    const shipment = h.sim.inspect.shipments().find((s) => s.packages.length > 0);
    h.sim.faults.dropConnection({ method: 'PUT', path: '/Shipment', when: 'after' });
    await expect(h.conn.entities.putShipmentPackages(shipment?.id ?? '', [{ trackingNbr: 'T1', boxId: 'SMALL' }])).rejects.toMatchObject({ kind: 'network' });
    expect(h.sim.inspect.count({ method: 'PUT', path: '/Shipment' })).toBe(1);
  });

  it('times out a slow response', async () => {
    h = await startHarness({}, { retry: { maxAttempts: 1 }, timeouts: { headersMs: 200 } });
    await h.conn.tokens.getAccessToken();
    h.sim.faults.latency(1_000, { path: '/SalesOrder' });
    await expect(h.conn.entities.listSalesOrders({ top: 1 })).rejects.toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('gives up on an answer that keeps trickling in past the response deadline', async () => {
    // Each chunk comes well inside the body timeout (a silence), but the whole takes far longer.
    h = await startHarness({}, { retry: { maxAttempts: 1 }, timeouts: { bodyMs: 1_000, responseMs: 400 } });
    await h.conn.tokens.getAccessToken();
    h.sim.faults.trickleBody({ path: '/SalesOrder', bytes: 64, intervalMs: 20 });
    const started = Date.now();
    await expect(h.conn.entities.listSalesOrders({ top: 5 })).rejects.toMatchObject({
      kind: 'timeout',
      retryable: true,
      message: expect.stringContaining('was still sending its answer when the time allowed for one ran out'),
    });
    expect(Date.now() - started).toBeLessThan(3_000);
    // The same trickle with time enough is read whole: the deadline is what stopped it.
    h.sim.faults.trickleBody({ path: '/SalesOrder', bytes: 4096, intervalMs: 5 });
    expect((await h.conn.entities.listSalesOrders({ top: 1 })).records).toHaveLength(1);
  });

  it('drops a response larger than the cap, naming the page size as the remedy', async () => {
    h = await startHarness({}, { retry: { maxAttempts: 1 }, maxResponseBytes: 20_000 });
    expect((await h.conn.entities.listSalesOrders({ top: 2 })).records).toHaveLength(2);
    await expect(h.conn.entities.listSalesOrders({ top: 100 })).rejects.toMatchObject({
      kind: 'bad-response',
      retryable: false,
      message: expect.stringMatching(/larger than the connector reads \(20 KB\)[^]*lower the page size \(pageSize\)/),
    });
  });

  it('stops polling an action at the ceiling', async () => {
    h = await startHarness({ actionPolls: 1_000 }, { actionPoll: { intervalMs: 1_000, maxIntervalMs: 1_000, ceilingMs: 5_000 } });
    const open = h.sim.inspect.shipments().find((s) => s.status === 'Open');
    await expect(h.conn.entities.confirmShipment(open?.shipmentNbr ?? '')).rejects.toMatchObject({ kind: 'timeout', retryable: false });
    expect(h.sim.inspect.count({ method: 'GET', path: '/ConfirmShipment' })).toBe(5);
  });

  it('keeps to the request budget and counts every request', async () => {
    h = await startHarness({}, { requestsPerMinute: 5 });
    const start = h.clock.now();
    for (let i = 0; i < 7; i += 1) await h.conn.entities.listSalesOrders({ top: 1 });
    // A token request, endpoint discovery and 7 lists: 9 requests at 5 per minute.
    expect(h.clock.now() - start).toBeGreaterThanOrEqual(60_000);
    expect(h.conn.client.stats()).toMatchObject({ total: 9, limitPerMinute: 5 });
    expect(h.sim.inspect.count()).toBe(9);
  });
});
