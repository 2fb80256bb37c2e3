import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('access preflight', () => {
  it('reports every right ok for a fully entitled user, changes nothing and uses no extra seat', async () => {
    h = await startHarness();
    const before = JSON.stringify(h.sim.inspect.shipments());
    const result = await h.conn.preflight();
    expect(result).toEqual({
      token: { status: 'ok' },
      endpoint: { status: 'ok', endpoint: { name: 'Default', version: '24.200.001', acumaticaBuild: expect.any(String) } },
      rights: {
        salesOrderRead: { status: 'ok' },
        shipmentRead: { status: 'ok' },
        stockItemRead: { status: 'ok' },
        shipmentWrite: { status: 'ok' },
      },
      ok: true,
    });
    expect(JSON.stringify(h.sim.inspect.shipments())).toBe(before);
    expect(h.sim.inspect.grants('password')).toHaveLength(1);
    expect(h.sim.inspect.requests({ method: 'PUT' }).map((r) => r.status)).toEqual([412]);
  });

  it('names the form for each missing right', async () => {
    h = await startHarness();
    h.sim.admin.setRights(h.creds.username, { SalesOrder: 'none', Shipment: 'read', StockItem: 'none' });
    const { rights, ok } = await h.conn.preflight();
    expect(ok).toBe(false);
    expect(rights.salesOrderRead).toMatchObject({ status: 'missing', form: { id: 'SO301000', name: 'Sales Orders' } });
    expect(rights.shipmentRead).toEqual({ status: 'ok' });
    expect(rights.stockItemRead).toMatchObject({ status: 'missing', form: { id: 'IN202500', name: 'Stock Items' } });
    expect(rights.shipmentWrite).toMatchObject({ status: 'missing', form: { id: 'SO302000', name: 'Shipments' } });
  });

  it('reports rights as unknown when it cannot sign in, and says why', async () => {
    h = await startHarness();
    h.creds.password = 'not-it';
    const result = await h.conn.preflight();
    expect(result.token).toMatchObject({ status: 'failed', kind: 'credentials-rejected' });
    expect(result.endpoint.status).toBe('failed');
    expect(Object.values(result.rights).every((r) => r.status === 'unknown')).toBe(true);
    expect(result.ok).toBe(false);
  });

  it('reports unknown (not missing) when a probe fails for another reason', async () => {
    h = await startHarness({}, { retry: { maxAttempts: 1 } });
    h.sim.faults.serverError({ path: '/StockItem', status: 503 });
    const { rights } = await h.conn.preflight();
    expect(rights.stockItemRead).toMatchObject({ status: 'unknown', message: expect.stringContaining('503') });
    expect(rights.salesOrderRead).toEqual({ status: 'ok' });
  });
});
