// API sessions against the licence's seat limit, and the forms "API Login Limit" takes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { api, http, passwordGrant, refreshGrant, T0, V } from './helpers.ts';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ orders: 5, clock: () => T0, virtualDirectory: '/AcumaticaERP' });
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(() => sim.reset());

describe('API sessions', () => {
  it('every password grant opens a session; refreshes do not', async () => {
    const first = await passwordGrant(sim);
    await refreshGrant(sim, first.json.refresh_token);
    expect(sim.inspect.openSessions()).toHaveLength(1);
    await passwordGrant(sim);
    expect(sim.inspect.openSessions()).toHaveLength(2);
  });

  it('the trial licence allows 2; the third grant hits the login limit (429 by default)', async () => {
    await passwordGrant(sim);
    await passwordGrant(sim);
    const third = await passwordGrant(sim);
    expect(third.status).toBe(429);
    expect(third.text).toContain('API Login Limit');
    expect(sim.inspect.grants().at(-1)).toMatchObject({ outcome: 'login_limit' });
  });

  it('answers 500 with the text when configured so', async () => {
    sim.admin.setLoginLimit('500');
    sim.admin.setMaxApiSessions(1);
    await passwordGrant(sim);
    const res = await passwordGrant(sim);
    expect(res.status).toBe(500);
    expect(res.json.exceptionMessage).toContain('API Login Limit');
  });

  it('answers a plain-text 429 when configured so', async () => {
    sim.admin.setLoginLimit('429-text');
    sim.admin.setMaxApiSessions(1);
    await passwordGrant(sim);
    const res = await passwordGrant(sim);
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toContain('text/plain');
    expect(res.headers['retry-after']).toBeUndefined();
  });

  it('redirects (302) to Frames/Error.aspx under the virtual directory, whose page is HTML with 200', async () => {
    sim.admin.setLoginLimit('302');
    sim.admin.setMaxApiSessions(1);
    await passwordGrant(sim);
    const res = await passwordGrant(sim);
    expect(res.status).toBe(302);
    const location = String(res.headers.location);
    expect(location).toMatch(/^\/AcumaticaERP\/Frames\/Error\.aspx\?/);
    expect(location).toContain('Login%20Limit');
    const page = await http(`${sim.origin}${location}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('API Login Limit');
  });

  it('logout frees the seat', async () => {
    const a = await passwordGrant(sim);
    await passwordGrant(sim);
    expect((await passwordGrant(sim)).status).toBe(429);
    await api(sim, a.json.access_token, '/entity/auth/logout', { method: 'POST' });
    expect((await passwordGrant(sim)).status).toBe(200);
  });

  it('idle sessions time out; a refresh then opens a new one, which counts', async () => {
    const a = await passwordGrant(sim);
    sim.clock.advance(1200_000);
    expect(sim.inspect.openSessions()).toHaveLength(0);
    expect((await api(sim, a.json.access_token, `${V}/SalesOrder`)).status).toBe(401);
    const refreshed = await refreshGrant(sim, a.json.refresh_token);
    expect(refreshed.status).toBe(200);
    expect(sim.inspect.openSessions()).toHaveLength(1);
    expect((await api(sim, refreshed.json.access_token, `${V}/SalesOrder`, { query: { $top: '1' } })).status).toBe(200);
  });

  it('using a session keeps it alive', async () => {
    const a = await passwordGrant(sim);
    for (let i = 0; i < 3; i++) {
      sim.clock.advance(900_000);
      expect((await api(sim, a.json.access_token, `${V}/SalesOrder`, { query: { $top: '1' } })).status).toBe(200);
    }
    expect(sim.inspect.openSessions()).toHaveLength(1);
  });
});
