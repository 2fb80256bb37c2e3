// The identity server: grants, errors, rotation and reuse, lifetimes, secrets, discovery, logout.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { api, http, passwordGrant, refreshGrant, T0, tokenRequest, V } from './helpers.ts';

const DAY = 86_400_000;
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ orders: 20, clock: () => T0, virtualDirectory: '/AcumaticaERP', maxApiSessions: 50 });
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(() => sim.reset());

describe('password grant', () => {
  it('grants a bearer token with a refresh token for api offline_access', async () => {
    const res = await passwordGrant(sim);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'api offline_access' });
    expect(res.json.access_token).toEqual(expect.any(String));
    expect(res.json.refresh_token).toEqual(expect.any(String));
    expect(sim.inspect.grants('password')).toMatchObject([{ outcome: 'ok' }]);
  });

  it('receives the client id with its @ URL-encoded in the form body', async () => {
    const c = sim.credentials;
    expect(c.clientId).toMatch(/^[0-9A-F-]{36}@Company$/);
    const body = `grant_type=password&client_id=${encodeURIComponent(c.clientId)}&client_secret=${encodeURIComponent(c.clientSecret)}&username=${c.username}&password=${encodeURIComponent(c.password)}&scope=api+offline_access`;
    expect(body).toContain('%40Company');
    const res = await http(`${sim.baseUrl}/identity/connect/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(res.status).toBe(200);
  });

  it('gives no refresh token without offline_access', async () => {
    const res = await passwordGrant(sim, { scope: 'api' });
    expect(res.status).toBe(200);
    expect(res.json.refresh_token).toBeUndefined();
  });

  it.each([
    ['unknown client id', { client_id: '00000000-0000-0000-0000-000000000000@Company' }, 'invalid_client', 'unknown-client'],
    ['wrong secret', { client_secret: 'nope' }, 'invalid_client', 'wrong-secret'],
    ['wrong password', { password: 'nope' }, 'invalid_grant', 'wrong-password'],
    ['unknown user', { username: 'ghost' }, 'invalid_grant', 'wrong-password'],
    ['bad grant type', { grant_type: 'client_credentials' }, 'unsupported_grant_type', 'grant_type=client_credentials'],
  ])('answers 400 with {error, error_description} for a %s', async (_name, overrides, error, reason) => {
    const res = await passwordGrant(sim, overrides);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error, error_description: expect.any(String) });
    expect(sim.inspect.grants().at(-1)).toMatchObject({ outcome: error, reason });
  });

  it('rejects a disabled user with invalid_grant', async () => {
    sim.admin.setUserDisabled(sim.credentials.username, true);
    const res = await passwordGrant(sim);
    expect(res.json.error).toBe('invalid_grant');
  });

  it('accepts any of several secrets, and rejects a removed or expired one as invalid_client', async () => {
    const second = sim.admin.addSecret({ value: 'second-secret', expiresAt: T0 + DAY });
    expect((await passwordGrant(sim, { client_secret: second.value })).status).toBe(200);
    sim.clock.advance(DAY);
    const expired = await passwordGrant(sim, { client_secret: second.value });
    expect(expired.json.error).toBe('invalid_client');
    expect(sim.inspect.grants().at(-1)?.reason).toBe('secret-expired');
    expect((await passwordGrant(sim)).status).toBe(200);
    sim.admin.removeSecret(sim.credentials.clientSecret);
    expect((await passwordGrant(sim)).json.error).toBe('invalid_client');
  });

  it('can send expires_in as a string', async () => {
    const other = await startSimulator({ orders: 1, expiresInAsString: true, accessTokenLifetimeSeconds: 600 });
    try {
      expect((await passwordGrant(other)).json.expires_in).toBe('600');
    } finally {
      await other.stop();
    }
  });
});

describe('access tokens', () => {
  it('answers 401 without a token, with an unknown one, and once the token expired', async () => {
    const token = (await passwordGrant(sim)).json.access_token as string;
    expect((await api(sim, null, `${V}/SalesOrder`, { query: { $top: '1' } })).status).toBe(401);
    expect((await api(sim, 'garbage', `${V}/SalesOrder`)).status).toBe(401);
    expect((await api(sim, token, `${V}/SalesOrder`, { query: { $top: '1' } })).status).toBe(200);
    sim.clock.advance(3600_000);
    const expired = await api(sim, token, `${V}/SalesOrder`, { query: { $top: '1' } });
    expect(expired.status).toBe(401);
    expect(expired.headers['www-authenticate']).toBe('Bearer');
  });
});

describe('refresh tokens', () => {
  it('rotate: each refresh returns a new refresh token and reuses the session', async () => {
    const first = await passwordGrant(sim);
    const second = await refreshGrant(sim, first.json.refresh_token);
    expect(second.status).toBe(200);
    expect(second.json.refresh_token).not.toBe(first.json.refresh_token);
    expect(second.json.access_token).not.toBe(first.json.access_token);
    const third = await refreshGrant(sim, second.json.refresh_token);
    expect(third.status).toBe(200);
    const sessions = new Set(sim.inspect.grants().map((g) => g.sessionId));
    expect(sessions.size).toBe(1);
    expect(sim.inspect.openSessions()).toHaveLength(1);
  });

  it("reuse: 'reject' refuses the reused token only", async () => {
    const local = await startSimulator({ orders: 1, refreshToken: { reuse: 'reject' } });
    try {
      const first = await passwordGrant(local);
      const second = await refreshGrant(local, first.json.refresh_token);
      const reused = await refreshGrant(local, first.json.refresh_token);
      expect(reused.status).toBe(400);
      expect(reused.json.error).toBe('invalid_grant');
      expect(local.inspect.grants().at(-1)?.reason).toBe('refresh-reused');
      expect((await refreshGrant(local, second.json.refresh_token)).status).toBe(200);
    } finally {
      await local.stop();
    }
  });

  it("reuse: 'revoke-chain' (the default) revokes every token of the grant", async () => {
    const first = await passwordGrant(sim);
    const second = await refreshGrant(sim, first.json.refresh_token);
    expect((await refreshGrant(sim, first.json.refresh_token)).json.error).toBe('invalid_grant');
    const after = await refreshGrant(sim, second.json.refresh_token);
    expect(after.json.error).toBe('invalid_grant');
    expect(sim.inspect.grants().at(-1)?.reason).toBe('refresh-revoked');
    expect((await api(sim, second.json.access_token, `${V}/SalesOrder`, { query: { $top: '1' } })).status).toBe(401);
  });

  it('absolute lifetime: refreshing does not extend it', async () => {
    const local = await startSimulator({ orders: 1, clock: () => T0, sessionIdleTimeoutSeconds: null, refreshToken: { mode: 'absolute', absoluteSeconds: 10 * 86_400 } });
    try {
      let token = (await passwordGrant(local)).json.refresh_token as string;
      for (let day = 0; day < 9; day++) {
        local.clock.advance(DAY);
        const res = await refreshGrant(local, token);
        expect(res.status).toBe(200);
        token = res.json.refresh_token;
      }
      local.clock.advance(DAY);
      const lapsed = await refreshGrant(local, token);
      expect(lapsed.json.error).toBe('invalid_grant');
      expect(local.inspect.grants().at(-1)?.reason).toBe('refresh-expired');
    } finally {
      await local.stop();
    }
  });

  it('sliding lifetime: each refresh extends it, up to the absolute cap', async () => {
    const local = await startSimulator({
      orders: 1,
      clock: () => T0,
      sessionIdleTimeoutSeconds: null,
      refreshToken: { mode: 'sliding', slidingSeconds: 2 * 86_400, absoluteSeconds: 5 * 86_400 },
    });
    try {
      let token = (await passwordGrant(local)).json.refresh_token as string;
      for (let day = 0; day < 4; day++) {
        local.clock.advance(1.5 * DAY);
        const res = await refreshGrant(local, token);
        if (day < 3) {
          expect(res.status).toBe(200);
          token = res.json.refresh_token;
        } else {
          // 6 days after the grant: past the 5-day cap although the sliding window was not.
          expect(res.json.error).toBe('invalid_grant');
        }
      }
      // An idle token lapses after its sliding window.
      const fresh = (await passwordGrant(local)).json.refresh_token as string;
      local.clock.advance(2 * DAY);
      expect((await refreshGrant(local, fresh)).json.error).toBe('invalid_grant');
    } finally {
      await local.stop();
    }
  });
});

describe('discovery and logout', () => {
  it('serves the discovery document under the virtual directory', async () => {
    const res = await http(`${sim.baseUrl}/identity/.well-known/openid-configuration`);
    expect(res.status).toBe(200);
    expect(res.json.token_endpoint).toBe(`${sim.baseUrl}/identity/connect/token`);
    expect(res.json.grant_types_supported).toContain('password');
  });

  it('logout answers 204 and closes the session; the token is then refused', async () => {
    const grant = await passwordGrant(sim);
    expect(sim.inspect.openSessions()).toHaveLength(1);
    const res = await api(sim, grant.json.access_token, '/entity/auth/logout', { method: 'POST' });
    expect(res.status).toBe(204);
    expect(sim.inspect.openSessions()).toHaveLength(0);
    expect((await api(sim, grant.json.access_token, `${V}/SalesOrder`)).status).toBe(401);
    expect((await refreshGrant(sim, grant.json.refresh_token)).json.error).toBe('invalid_grant');
  });

  it('refuses a token request that is not form-encoded', async () => {
    const res = await http(`${sim.baseUrl}/identity/connect/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(res.json.error).toBe('invalid_request');
  });

  it('counts requests per route', async () => {
    await passwordGrant(sim);
    await tokenRequest(sim, { grant_type: 'password' });
    expect(sim.inspect.counters()['POST /identity/connect/token']).toBe(2);
    expect(sim.inspect.requests({ path: '/identity/connect/token' })[0]?.path).toBe('/AcumaticaERP/identity/connect/token');
  });
});
