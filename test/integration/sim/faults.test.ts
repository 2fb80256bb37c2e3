// Every fault kind, targeting (times, path, method, skip, probability) and between-pages hooks.
import { request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { accessToken, api, passwordGrant, T0, V } from './helpers.ts';

let sim: Simulator;
let token: string;

beforeAll(async () => {
  sim = await startSimulator({ orders: 100, clock: () => T0, virtualDirectory: '/AcumaticaERP', maxApiSessions: 100 });
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(async () => {
  sim.reset();
  token = await accessToken(sim);
});

const orders = (query: Record<string, string> = { $top: '5' }) => api(sim, token, `${V}/SalesOrder`, { query });

describe('replacing faults', () => {
  it('429 with a JSON body, no Retry-After unless asked', async () => {
    sim.faults.rateLimit();
    const res = await orders();
    expect(res.status).toBe(429);
    expect(res.json.message).toEqual(expect.any(String));
    expect(res.headers['retry-after']).toBeUndefined();
    expect((await orders()).status).toBe(200);
    sim.faults.rateLimit({ retryAfterSeconds: 7 });
    expect((await orders()).headers['retry-after']).toBe('7');
  });

  it('429 with a plain-text IIS body', async () => {
    sim.faults.rateLimitText();
    const res = await orders();
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.json).toBeUndefined();
  });

  it('500s, the optimisation error and HTML error pages', async () => {
    sim.faults.serverError({ message: 'boom' });
    const err = await orders();
    expect(err.status).toBe(500);
    expect(err.json.exceptionMessage).toBe('boom');
    sim.faults.optimizationError();
    expect((await orders()).json.exceptionMessage).toMatch(/^Optimization cannot be performed/);
    sim.faults.htmlError({ status: 502 });
    const page = await orders();
    expect(page.status).toBe(502);
    expect(page.headers['content-type']).toContain('text/html');
  });

  it.each(['429', '500', '302'] as const)('login limit form %s on any route', async (form) => {
    sim.faults.loginLimit(form, { path: '/SalesOrder' });
    const res = await orders();
    expect(res.status).toBe(Number(form));
    if (form === '302') expect(String(res.headers.location)).toContain('/AcumaticaERP/Frames/Error.aspx');
    else expect(res.text).toContain('API Login Limit');
  });
});

describe('connection faults', () => {
  it('latency delays the response', async () => {
    sim.faults.latency(150);
    const started = Date.now();
    expect((await orders()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    // The request log's serve time counts the delay (the benchmark reads it per list page).
    expect(sim.inspect.requests({ path: '/SalesOrder' }).at(-1)?.serveMs).toBeGreaterThanOrEqual(140);
  });

  it('drops the connection before processing', async () => {
    sim.faults.dropConnection();
    await expect(orders()).rejects.toThrow();
    expect(sim.inspect.requests({ path: '/SalesOrder' }).at(-1)).toMatchObject({ status: null, serveMs: null, faults: ['drop'] });
  });

  it("drops it after processing: the write happened, the client never hears", async () => {
    const order = sim.admin.createOrder();
    const shipment = sim.admin.createShipment({ orders: [{ orderType: order.orderType, orderNbr: order.orderNbr }], packages: 1 });
    sim.faults.dropConnection({ when: 'after', method: 'PUT' });
    const write = api(sim, token, `${V}/Shipment`, { method: 'PUT', body: { id: shipment.id, Packages: [{ id: shipment.packages[0]?.id, TrackingNbr: { value: 'DROPPED' } }] } });
    await expect(write).rejects.toThrow();
    expect(sim.inspect.shipmentPackages(shipment.shipmentNbr)[0]?.trackingNbr).toBe('DROPPED');
  });

  it('rewrites the response it worked out: status, headers (its Date too) and body', async () => {
    sim.faults.rewrite((response) => ({ status: 200, headers: { ...response.headers, 'content-type': 'text/html', date: 'Mon, 01 Jan 2024 00:00:00 GMT' }, body: `<html>${JSON.parse(response.body).length}</html>` }));
    const page = await orders();
    expect(page).toMatchObject({ status: 200, text: '<html>5</html>' });
    expect(page.headers).toMatchObject({ 'content-type': 'text/html', date: 'Mon, 01 Jan 2024 00:00:00 GMT' });
    // A Date it removes is not put back.
    sim.faults.rewrite((response) => {
      const headers = { ...response.headers };
      delete headers['date'];
      return { ...response, headers };
    });
    expect((await orders()).headers['date']).toBeUndefined();
    expect((await orders()).headers['date']).toEqual(expect.any(String));
  });

  it('sends a Content-Length the rewrite sets, then closes the connection', async () => {
    sim.faults.rewrite((response) => ({ ...response, headers: { ...response.headers, 'content-length': String(Buffer.byteLength(response.body) + 100) } }));
    const res = await request(`${sim.baseUrl}${V}/SalesOrder?$top=5`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    await expect(res.body.text()).rejects.toThrow();
  });

  it('takes header names in any case: a Date or Content-Length the rewrite sets replaces the one worked out', async () => {
    sim.faults.rewrite((response) => ({ ...response, headers: { ...response.headers, Date: 'Mon, 01 Jan 2024 00:00:00 GMT', 'Content-Length': String(Buffer.byteLength(response.body) + 100) } }));
    const res = await request(`${sim.baseUrl}${V}/SalesOrder?$top=5`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.headers['date']).toBe('Mon, 01 Jan 2024 00:00:00 GMT');
    expect(Number(res.headers['content-length'])).toBeGreaterThan(100);
    await expect(res.body.text()).rejects.toThrow();
  });

  it('truncates the body after sending the full Content-Length', async () => {
    sim.faults.truncateBody({ fraction: 0.3 });
    const res = await request(`${sim.baseUrl}${V}/SalesOrder?$top=20`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    await expect(res.body.text()).rejects.toThrow();
  });
});

describe('targeting', () => {
  it('fires for the next N matching requests only, by path and method', async () => {
    const handle = sim.faults.serverError({ times: 2, path: '/connect/token', method: 'POST' });
    expect((await orders()).status).toBe(200);
    expect((await passwordGrant(sim)).status).toBe(500);
    expect((await passwordGrant(sim)).status).toBe(500);
    expect((await passwordGrant(sim)).status).toBe(200);
    expect(handle.hits).toBe(2);
  });

  it('skips the first matches, matches a RegExp, and can be removed', async () => {
    const handle = sim.faults.rateLimit({ path: /\/SalesOrder$/, skip: 1, times: Infinity });
    expect((await orders()).status).toBe(200);
    expect((await orders()).status).toBe(429);
    expect((await orders()).status).toBe(429);
    handle.remove();
    expect((await orders()).status).toBe(200);
  });

  it('fires with a seeded probability, reproducibly (reset rewinds the stream)', async () => {
    const run = async (): Promise<number[]> => {
      sim.reset();
      token = await accessToken(sim);
      sim.faults.serverError({ probability: 0.5, times: Infinity, path: '/SalesOrder' });
      const out: number[] = [];
      for (let i = 0; i < 12; i++) out.push((await orders()).status);
      return out;
    };
    const first = await run();
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await run()).toEqual(first);
  });
});

describe('between pages', () => {
  it('runs a hook after a page is computed, so the next page sees the change', async () => {
    const all = sim.inspect.orders();
    const pageSize = 10;
    const secondPageFirst = all[pageSize];
    sim.faults.betweenPages(
      () => {
        // Delete a record of the first page: everything after it shifts left by one.
        const victim = all[0];
        if (victim) sim.admin.deleteOrder(victim.orderType, victim.orderNbr);
      },
      { entity: 'SalesOrder' },
    );
    const page1 = await orders({ $top: String(pageSize), $skip: '0' });
    const page2 = await orders({ $top: String(pageSize), $skip: String(pageSize) });
    expect(page1.json).toHaveLength(pageSize);
    // The record that was first on page 2 slid onto page 1 after page 1 was served: it is missed.
    const seen = [...page1.json, ...page2.json].map((o: { id: string }) => o.id);
    expect(seen).not.toContain(secondPageFirst?.id);
  });
});
