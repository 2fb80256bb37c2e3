// HTTPS with a throwaway CA: trusted when the client adds sim.caPem, refused otherwise.
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ https: true, orders: 5, virtualDirectory: '/AcumaticaERP' });
});
afterAll(async () => {
  await sim.stop();
});

describe('HTTPS', () => {
  it('serves https with a CA the client can trust as an extra CA', async () => {
    expect(sim.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/AcumaticaERP$/);
    expect(sim.caPem).toContain('BEGIN CERTIFICATE');
    const agent = new Agent({ connect: { ca: sim.caPem ?? '' } });
    try {
      const c = sim.credentials;
      const res = await request(`${sim.baseUrl}/identity/connect/token`, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'password', client_id: c.clientId, client_secret: c.clientSecret, username: c.username, password: c.password, scope: 'api offline_access' }).toString(),
      });
      expect(res.statusCode).toBe(200);
      const body = (await res.body.json()) as { access_token: string };
      const disco = await request(`${sim.baseUrl}/identity/.well-known/openid-configuration`, { dispatcher: agent });
      expect(((await disco.body.json()) as { token_endpoint: string }).token_endpoint).toBe(`${sim.baseUrl}/identity/connect/token`);
      const localhost = await request(`https://localhost:${sim.port}/AcumaticaERP/entity`, { dispatcher: agent, headers: { authorization: `Bearer ${body.access_token}` } });
      expect(localhost.statusCode).toBe(200);
      await localhost.body.dump();
    } finally {
      await agent.close();
    }
  });

  it('is refused by a client that does not trust the CA', async () => {
    await expect(request(`${sim.baseUrl}/entity`)).rejects.toMatchObject({ code: expect.stringMatching(/CERT|SELF_SIGNED|UNABLE_TO/) });
  });
});
