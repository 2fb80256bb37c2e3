import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AuthState } from '../../../main/acumatica/token-manager.ts';
import { memoryTokenStore, type StoredGrant, type TokenStore } from '../../../main/acumatica/token-store.ts';
import { DAY, HOUR, startHarness, type Harness } from './support.ts';

let h: Harness;
afterEach(async () => {
  await h?.close();
});

const TOKEN_PATH = '/identity/connect/token';

describe('TokenManager against the simulator', () => {
  it('makes one password grant with offline_access, then reuses the access token', async () => {
    h = await startHarness();
    const states: AuthState['kind'][] = [];
    h.conn.tokens.onStateChange((s) => states.push(s.kind));
    const first = await h.conn.tokens.getAccessToken();
    for (let i = 0; i < 5; i += 1) expect(await h.conn.tokens.getAccessToken()).toBe(first);
    await h.conn.entities.listSalesOrders({ top: 5 });
    expect(h.sim.inspect.grants('password')).toHaveLength(1);
    expect(h.sim.inspect.grants('refresh')).toHaveLength(0);
    expect(h.sim.inspect.openSessions()).toHaveLength(1);
    // A refresh token only comes back when offline_access was granted.
    expect(h.store.current?.refreshToken).toMatch(/^[0-9A-F]{64}$/);
    expect(states).toEqual(['refreshing', 'connected']);
  });

  it('computes expiry from expires_in (also as a string) against local receipt time', async () => {
    h = await startHarness({ expiresInAsString: true, accessTokenLifetimeSeconds: 1800 });
    const receivedAt = h.clock.now();
    await h.conn.tokens.getAccessToken();
    const state = h.conn.tokens.state;
    expect(state).toEqual({
      kind: 'connected',
      accessExpiresAt: receivedAt + 1_800_000,
      lastRefreshAt: null,
      refreshTokenIssuedAt: receivedAt,
      grantIssuedAt: receivedAt,
    });
  });

  it('20 concurrent calls across an expiry make exactly one refresh', async () => {
    h = await startHarness();
    await h.conn.tokens.getAccessToken();
    h.clock.advance(HOUR + 1_000);
    const pages = await Promise.all(Array.from({ length: 20 }, () => h.conn.entities.listSalesOrders({ top: 1 })));
    expect(pages.every((p) => p.records.length === 1)).toBe(true);
    expect(h.sim.inspect.grants('refresh')).toHaveLength(1);
    expect(h.sim.inspect.grants('password')).toHaveLength(1);
    expect(h.sim.inspect.grants().every((g) => g.outcome === 'ok')).toBe(true);
  });

  it('20 concurrent 401s (tokens expired server-side) share one refresh, each retried once', async () => {
    h = await startHarness();
    await h.conn.entities.listSalesOrders({ top: 1 });
    h.sim.admin.expireAccessTokens();
    h.sim.inspect.clearRequests();
    const pages = await Promise.all(Array.from({ length: 20 }, () => h.conn.entities.listSalesOrders({ top: 1 })));
    expect(pages.map((p) => p.requests)).toEqual(Array(20).fill(2));
    expect(h.sim.inspect.grants('refresh')).toHaveLength(1);
    expect(h.sim.inspect.count({ path: '/SalesOrder' })).toBe(40);
  });

  it('a 401 that persists after the refresh is an unauthorized error, not a loop', async () => {
    h = await startHarness();
    await h.conn.entities.listSalesOrders({ top: 1 });
    h.sim.faults.serverError({ status: 401, message: 'Authorization has been denied for this request.', path: '/SalesOrder', times: 2 });
    await expect(h.conn.entities.listSalesOrders({ top: 1 })).rejects.toMatchObject({ kind: 'unauthorized', retryable: false });
    expect(h.sim.inspect.grants('refresh')).toHaveLength(1);
  });

  it('refreshes proactively in the last 5 minutes without blocking callers', async () => {
    h = await startHarness();
    const first = await h.conn.tokens.getAccessToken();
    h.clock.advance(HOUR - 4 * 60_000);
    expect(await h.conn.tokens.getAccessToken()).toBe(first);
    await vi.waitFor(() => expect(h.sim.inspect.grants('refresh')).toHaveLength(1));
    await vi.waitFor(() => expect(h.conn.tokens.state.kind).toBe('connected'));
    const second = await h.conn.tokens.getAccessToken();
    expect(second).not.toBe(first);
    expect(h.conn.tokens.state).toMatchObject({ kind: 'connected', lastRefreshAt: h.clock.now(), accessExpiresAt: h.clock.now() + HOUR });
  });

  it('uses 10 % of the lifetime as the proactive window for short-lived tokens', async () => {
    h = await startHarness({ accessTokenLifetimeSeconds: 600 });
    const first = await h.conn.tokens.getAccessToken();
    h.clock.advance(8 * 60_000); // 2 minutes left: more than 10 % (1 minute), so no refresh yet
    expect(await h.conn.tokens.getAccessToken()).toBe(first);
    expect(h.sim.inspect.grants('refresh')).toHaveLength(0);
    h.clock.advance(90_000); // 30 s left
    await h.conn.tokens.getAccessToken();
    await vi.waitFor(() => expect(h.sim.inspect.grants('refresh')).toHaveLength(1));
  });

  it('persists the rotated refresh token before the new access token is used, and never resends an old one', async () => {
    h = await startHarness();
    await h.conn.entities.listSalesOrders({ top: 1 });
    const seen: string[] = [h.store.current?.refreshToken ?? ''];
    for (let cycle = 0; cycle < 5; cycle += 1) {
      h.clock.advance(HOUR);
      await h.conn.entities.listSalesOrders({ top: 1 });
      const current = h.store.current?.refreshToken ?? '';
      expect(seen).not.toContain(current);
      seen.push(current);
    }
    expect(h.sim.inspect.grants('refresh')).toHaveLength(5);
    expect(h.sim.inspect.grants().filter((g) => g.reason === 'refresh-reused')).toHaveLength(0);
    expect(h.store.current?.refreshStartedAt).toBeNull();
  });

  it('does not send a request with the new access token until the vault has the new refresh token', async () => {
    let release: () => void = () => undefined;
    let saves = 0;
    const inner = memoryTokenStore();
    const gated: TokenStore = {
      load: () => inner.load(),
      clear: () => inner.clear(),
      save: async (grant: StoredGrant) => {
        saves += 1;
        // The third save is the rotated token (1: password grant, 2: write-ahead marker).
        if (saves === 3) await new Promise<void>((resolve) => (release = resolve));
        await inner.save(grant);
      },
    };
    h = await startHarness({}, { store: gated });
    await h.conn.entities.listSalesOrders({ top: 1 });
    h.clock.advance(HOUR);
    h.sim.inspect.clearRequests();
    const listing = h.conn.entities.listSalesOrders({ top: 1 });
    await vi.waitFor(() => expect(saves).toBe(3));
    expect(h.sim.inspect.grants('refresh')).toHaveLength(1);
    expect(h.sim.inspect.count({ path: '/SalesOrder' })).toBe(0);
    release();
    await listing;
    expect(h.sim.inspect.count({ path: '/SalesOrder' })).toBe(1);
  });

  it('a crash between refresh and persist recovers with one password grant and never reuses a token', async () => {
    let crash = false;
    let saves = 0;
    const inner = memoryTokenStore();
    const crashing: TokenStore = {
      load: () => inner.load(),
      clear: () => inner.clear(),
      save: async (grant: StoredGrant) => {
        saves += 1;
        // The process "dies" here: the save never completes.
        if (crash && grant.refreshStartedAt === null) return new Promise<void>(() => undefined);
        await inner.save(grant);
      },
    };
    h = await startHarness({}, { store: crashing });
    await h.conn.tokens.getAccessToken();
    const original = inner.current?.refreshToken;
    crash = true;
    h.clock.advance(HOUR);
    void h.conn.tokens.getAccessToken();
    await vi.waitFor(() => expect(h.sim.inspect.grants('refresh')).toHaveLength(1));
    await vi.waitFor(() => expect(saves).toBe(3));
    // What survived the crash: the old token, marked as sent.
    expect(inner.current?.refreshToken).toBe(original);
    expect(inner.current?.refreshStartedAt).not.toBeNull();

    crash = false;
    const restarted = h.connect({ store: crashing });
    await restarted.entities.listSalesOrders({ top: 1 });
    expect(h.sim.inspect.grants('password')).toHaveLength(2);
    expect(h.sim.inspect.grants('refresh')).toHaveLength(1);
    expect(h.sim.inspect.grants().filter((g) => g.outcome !== 'ok')).toHaveLength(0);
    expect(inner.current?.refreshToken).not.toBe(original);
    expect(h.events.map((e) => e.event)).toContain('interrupted-refresh');
  });

  it('a restart with a persisted token refreshes instead of signing in again', async () => {
    h = await startHarness();
    await h.conn.tokens.getAccessToken();
    const restarted = h.connect();
    await restarted.entities.listSalesOrders({ top: 1 });
    expect(h.sim.inspect.grants('password')).toHaveLength(1);
    expect(h.sim.inspect.grants('refresh')).toHaveLength(1);
  });

  it('another process over the same vault refreshed the token: this one carries on with the successor, never the spent one', async () => {
    h = await startHarness();
    await h.conn.tokens.getAccessToken();
    await h.connect().tokens.getAccessToken(); // a CLI command beside the service: one refresh
    h.clock.advance(HOUR);
    await h.conn.entities.listSalesOrders({ top: 1 });
    expect(h.sim.inspect.grants().map((g) => `${g.type} ${g.outcome}`)).toEqual(['password ok', 'refresh ok', 'refresh ok']);
    expect(h.sim.inspect.openSessions()).toHaveLength(1);
  });

  it('another process is sending the stored token right now: this one signs in again rather than send it too', async () => {
    h = await startHarness();
    await h.conn.tokens.getAccessToken();
    const held = h.store.current!;
    await h.store.save({ ...held, refreshStartedAt: h.clock.now() }); // the other process's write-ahead marker
    h.clock.advance(HOUR);
    await h.conn.entities.listSalesOrders({ top: 1 });
    expect(h.sim.inspect.grants().map((g) => `${g.type} ${g.outcome}`)).toEqual(['password ok', 'password ok']);
    expect(h.events.map((e) => e.event)).toContain('interrupted-refresh');
  });

  it('keeps sliding for weeks of continuous use, then after a pause past the window signs in once', async () => {
    h = await startHarness({ refreshToken: { mode: 'sliding', slidingSeconds: 15 * 86_400, absoluteSeconds: null } });
    await h.conn.tokens.getAccessToken();
    for (let day = 0; day < 40; day += 1) {
      h.clock.advance(DAY);
      await h.conn.tokens.getAccessToken();
    }
    expect(h.sim.inspect.grants('password')).toHaveLength(1);
    expect(h.sim.inspect.grants('refresh')).toHaveLength(40);

    h.clock.advance(16 * DAY);
    await h.conn.entities.listSalesOrders({ top: 1 });
    expect(h.sim.inspect.grants('password')).toHaveLength(2);
    const failed = h.sim.inspect.grants().filter((g) => g.outcome !== 'ok');
    expect(failed.map((g) => g.reason)).toEqual(['refresh-expired']);
    expect(h.conn.tokens.state.kind).toBe('connected');
  });

  it('signs out the grant it discards when a refresh token is rejected while the access token still works', async () => {
    h = await startHarness({ refreshToken: { mode: 'sliding', slidingSeconds: 600, absoluteSeconds: null } });
    await h.conn.tokens.getAccessToken();
    h.clock.advance(HOUR - 4 * 60_000); // proactive window; the 10-minute refresh token has lapsed
    await h.conn.tokens.getAccessToken();
    await vi.waitFor(() => expect(h.sim.inspect.grants('password')).toHaveLength(2));
    await vi.waitFor(() => expect(h.conn.tokens.state.kind).toBe('connected'));
    expect(h.sim.inspect.requests({ method: 'POST', path: '/entity/auth/logout' }).map((r) => r.status)).toEqual([204]);
    expect(h.sim.inspect.openSessions()).toHaveLength(1);
  });

  it('invalid_grant on a password grant: credentials-rejected, no retry loop, until resumed', async () => {
    h = await startHarness();
    h.creds.password = 'Wr0ng-Pa55word';
    const states: AuthState[] = [];
    h.conn.tokens.onStateChange((s) => states.push(s));
    for (let i = 0; i < 3; i += 1) {
      await expect(h.conn.entities.listSalesOrders({ top: 1 })).rejects.toMatchObject({ kind: 'credentials-rejected', retryable: false });
    }
    expect(h.sim.inspect.grants('password')).toHaveLength(1);
    expect(h.sim.inspect.count({ path: TOKEN_PATH })).toBe(1);
    expect(h.conn.tokens.state).toMatchObject({ kind: 'credentials-rejected', description: expect.stringContaining('invalid_grant') });
    expect(JSON.stringify(states)).not.toContain('Wr0ng-Pa55word');

    h.creds.password = h.sim.credentials.password;
    h.conn.tokens.resume();
    await h.conn.entities.listSalesOrders({ top: 1 });
    expect(h.conn.tokens.state.kind).toBe('connected');
  });

  it('a disabled user is credentials-rejected too', async () => {
    h = await startHarness();
    h.sim.admin.setUserDisabled(h.creds.username, true);
    await expect(h.conn.tokens.getAccessToken()).rejects.toMatchObject({ kind: 'credentials-rejected' });
  });

  it('invalid_client on a refresh (secret expired): secret-rejected, and no password grant is tried', async () => {
    h = await startHarness();
    await h.conn.tokens.getAccessToken();
    h.sim.admin.expireSecret(h.creds.clientSecret);
    h.clock.advance(HOUR);
    await expect(h.conn.entities.listSalesOrders({ top: 1 })).rejects.toMatchObject({ kind: 'secret-rejected', retryable: false });
    await expect(h.conn.tokens.getAccessToken()).rejects.toMatchObject({ kind: 'secret-rejected' });
    expect(h.conn.tokens.state.kind).toBe('secret-rejected');
    expect(h.sim.inspect.grants('password')).toHaveLength(1);
    expect(h.sim.inspect.grants('refresh').map((g) => g.outcome)).toEqual(['invalid_client']);
  });

  it('invalid_client on the first sign-in (secret removed) is secret-rejected', async () => {
    h = await startHarness();
    h.sim.admin.removeSecret(h.creds.clientSecret);
    await expect(h.conn.tokens.getAccessToken()).rejects.toMatchObject({ kind: 'secret-rejected' });
  });

  it('network errors and 5xx on the token endpoint: backs off with jitter and keeps the tokens', async () => {
    h = await startHarness();
    await h.conn.tokens.getAccessToken();
    const grant = h.store.current;
    h.sim.faults.serverError({ path: TOKEN_PATH, times: 1 });
    // Faults that match the same request all fire, so each waits for its turn.
    h.sim.faults.htmlError({ path: TOKEN_PATH, status: 503, times: 1, skip: 1 });
    h.sim.faults.dropConnection({ path: TOKEN_PATH, when: 'before', times: 1, skip: 2 });
    h.clock.advance(HOUR);
    const states: AuthState[] = [];
    h.conn.tokens.onStateChange((s) => states.push(s));
    const sleepsBefore = h.clock.sleeps.length;
    await h.conn.entities.listSalesOrders({ top: 1 });
    const retrying = states.filter((s) => s.kind === 'retrying');
    expect(retrying).toHaveLength(3);
    expect(retrying.map((s) => (s.kind === 'retrying' ? s.failures : 0))).toEqual([1, 2, 3]);
    expect(h.clock.sleeps.length).toBeGreaterThan(sleepsBefore);
    // The same refresh token was used throughout; no new sign-in.
    expect(h.sim.inspect.grants('password')).toHaveLength(1);
    expect(h.sim.inspect.grants('refresh').map((g) => g.outcome)).toEqual(['ok']);
    expect(h.store.current?.grantIssuedAt).toBe(grant?.grantIssuedAt);
    expect(h.conn.tokens.state.kind).toBe('connected');
  });

  it('after a failed refresh, a clock set back does not hold the next attempt for days', async () => {
    h = await startHarness();
    await h.conn.tokens.getAccessToken();
    h.sim.faults.serverError({ path: TOKEN_PATH, times: 1 });
    h.clock.advance(HOUR);
    await expect(h.conn.tokens.getAccessToken()).rejects.toMatchObject({ retryable: true });
    h.clock.advance(-3 * DAY); // time sync corrects a clock that was days ahead
    h.sim.admin.expireAccessTokens();
    const sleepsBefore = h.clock.sleeps.length;
    await h.conn.entities.listSalesOrders({ top: 1 });
    // At most the token backoff's cap of 5 minutes, not the three days plus the backoff.
    expect(Math.max(0, ...h.clock.sleeps.slice(sleepsBefore))).toBeLessThanOrEqual(5 * 60_000);
    expect(h.conn.tokens.state.kind).toBe('connected');
  });

  it('the API login limit on a password grant is retried later, never mistaken for bad credentials', async () => {
    for (const form of ['429', '429-text', '500', '302'] as const) {
      h = await startHarness({ maxApiSessions: 1, loginLimit: form });
      const other = h.connect({ store: memoryTokenStore() });
      await other.tokens.getAccessToken(); // another integration holds the only seat
      const error = await h.conn.tokens.getAccessToken().catch((e: unknown) => e);
      expect(error, form).toMatchObject({ kind: 'login-limit', retryable: true });
      expect(h.conn.tokens.state.kind, form).toBe('retrying');
      expect(h.sim.inspect.count({ path: '/Frames/Error.aspx' }), form).toBe(0);
      await other.tokens.signOut();
      await h.conn.tokens.getAccessToken();
      expect(h.conn.tokens.state.kind).toBe('connected');
      await h.close();
    }
  });

  it('signOut ends the session and forgets the grant', async () => {
    h = await startHarness();
    await h.conn.tokens.getAccessToken();
    await h.conn.tokens.signOut();
    expect(h.sim.inspect.openSessions()).toHaveLength(0);
    expect(h.store.current).toBeNull();
    expect(h.conn.tokens.state).toEqual({ kind: 'signed-out' });
  });

  it('signOut with an expired access token refreshes first so the session can be ended', async () => {
    h = await startHarness({ sessionIdleTimeoutSeconds: null });
    await h.conn.tokens.getAccessToken();
    h.clock.advance(2 * HOUR);
    await h.conn.tokens.signOut();
    expect(h.sim.inspect.grants('refresh')).toHaveLength(1);
    expect(h.sim.inspect.requests({ path: '/entity/auth/logout' }).map((r) => r.status)).toEqual([204]);
    expect(h.sim.inspect.openSessions()).toHaveLength(0);
  });

  it('signOut after the refresh token lapsed never signs in with the password just to sign out', async () => {
    h = await startHarness({ refreshToken: { mode: 'sliding', slidingSeconds: 15 * 86_400, absoluteSeconds: null, reuse: 'revoke-chain' } });
    await h.conn.tokens.getAccessToken();
    // Setup moves to another user weeks later, because this one's password was changed.
    h.sim.admin.setPassword(h.sim.credentials.username, 'Changed-Password-7');
    h.clock.advance(16 * DAY);
    await h.conn.tokens.signOut();
    expect(h.sim.inspect.grants().map((g) => `${g.type} ${g.outcome}`)).toEqual(['password ok', 'refresh invalid_grant']);
    expect(h.store.current).toBeNull();
    expect(h.conn.tokens.state).toEqual({ kind: 'signed-out' });
  });

  it('verifySecret proves a new secret with a refresh grant and adopts the rotated token, without a new session', async () => {
    h = await startHarness();
    await h.conn.tokens.getAccessToken();
    const added = h.sim.admin.addSecret();
    const before = h.store.current?.refreshToken;
    expect(await h.conn.tokens.verifySecret(added.value)).toEqual({ ok: true });
    expect(h.store.current?.refreshToken).not.toBe(before);
    expect(h.sim.inspect.grants('refresh').map((g) => g.outcome)).toEqual(['ok']);
    expect(h.sim.inspect.grants('password')).toHaveLength(1);
    // The operator then removes the old secret; with the new one stored, the connection carries on.
    h.sim.admin.removeSecret(h.creds.clientSecret);
    h.creds.clientSecret = added.value;
    h.clock.advance(HOUR);
    await h.conn.entities.listSalesOrders({ top: 1 });
    expect(h.sim.inspect.openSessions()).toHaveLength(1);
  });

  it('a wrong new secret fails verification and leaves the running connection alone', async () => {
    h = await startHarness();
    await h.conn.tokens.getAccessToken();
    const result = await h.conn.tokens.verifySecret('not-the-secret');
    expect(result).toMatchObject({ ok: false, error: { kind: 'secret-rejected' } });
    expect(h.conn.tokens.state.kind).toBe('connected');
    h.clock.advance(HOUR);
    await h.conn.entities.listSalesOrders({ top: 1 });
    expect(h.sim.inspect.grants('refresh').map((g) => g.outcome)).toEqual(['invalid_client', 'ok']);
  });

  it('a refused verification does not make a restart give up the refresh token', async () => {
    h = await startHarness();
    await h.conn.tokens.getAccessToken();
    await h.conn.tokens.verifySecret('not-the-secret');
    expect(h.store.current?.refreshStartedAt).toBeNull();
    await h.connect().entities.listSalesOrders({ top: 1 });
    expect(h.sim.inspect.grants('password')).toHaveLength(1);
    expect(h.sim.inspect.grants('refresh').map((g) => g.outcome)).toEqual(['invalid_client', 'ok']);
  });

  it('recovers from secret-rejected when a new secret is verified', async () => {
    h = await startHarness();
    await h.conn.tokens.getAccessToken();
    h.sim.admin.expireSecret(h.creds.clientSecret);
    h.clock.advance(HOUR);
    await expect(h.conn.tokens.getAccessToken()).rejects.toMatchObject({ kind: 'secret-rejected' });
    const added = h.sim.admin.addSecret();
    expect(await h.conn.tokens.verifySecret(added.value)).toEqual({ ok: true });
    h.creds.clientSecret = added.value;
    expect(h.conn.tokens.state.kind).toBe('connected');
    await h.conn.entities.listSalesOrders({ top: 1 });
    expect(h.sim.inspect.grants('password')).toHaveLength(1);
  });

  it('a vault that fails to save is retried before the new token is used', async () => {
    let failSaves = 0;
    const inner = memoryTokenStore();
    const flaky: TokenStore = {
      load: () => inner.load(),
      clear: () => inner.clear(),
      save: async (grant) => {
        if (failSaves > 0 && grant.refreshStartedAt === null) {
          failSaves -= 1;
          throw new Error('vault locked');
        }
        await inner.save(grant);
      },
    };
    h = await startHarness({}, { store: flaky });
    await h.conn.tokens.getAccessToken();
    failSaves = 1;
    h.clock.advance(HOUR);
    await h.conn.entities.listSalesOrders({ top: 1 });
    expect(h.sim.inspect.grants('refresh')).toHaveLength(1);
    expect(h.sim.inspect.grants('password')).toHaveLength(1);
    expect(inner.current?.refreshStartedAt).toBeNull();
  });

  it('never puts a secret or token into an error, a state or an event', async () => {
    h = await startHarness();
    h.creds.password = 'Sup3r-Secret-Pa55';
    const error = await h.conn.tokens.getAccessToken().catch((e: unknown) => e);
    const everything = JSON.stringify([String(error), (error as Error).message, h.conn.tokens.state, h.events]);
    for (const secret of [h.creds.password, h.creds.clientSecret]) expect(everything).not.toContain(secret);
  });
});
