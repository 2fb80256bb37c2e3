import { rmSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rotateClientSecret, updatePassword } from '../../../main/engine/credential-actions.ts';
import { openHeadlessEngine } from '../../../main/engine/open-headless.ts';
import { AesGcmCipher, FileVault } from '../../../main/vault/index.ts';
import { saveSetup, testConnection } from '../../../main/engine/setup-actions.ts';
import { createHandlers } from '../../../main/engine/handlers.ts';
import { SetupInput } from '../../../preload/api.ts';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst, FAST_RETRY, reopenEngine } from '../../support/engine-harness.ts';
import { yearsAhead } from '../../support/future-date.ts';

const ROTATED_EXPIRY = yearsAhead(2, '06-30');

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ orders: 120 });
});
afterAll(() => sim.stop());
afterEach(() => sim.reset());

const okPasswordGrants = () => sim.inspect.grants('password').filter((grant) => grant.outcome === 'ok').length;

describe('credential health against the simulator', () => {
  it('setup refuses an Expires On typed now that has passed, and keeps a stored one that has passed since', async () => {
    const engine = await engineAgainst(sim);
    try {
      const setup = (secretExpiresOn: string | null) =>
        SetupInput.parse({ instanceUrl: sim.baseUrl, clientId: sim.credentials.clientId, username: sim.credentials.username, secretExpiresOn });
      // Through every caller of saveSetup (the service's JSON API, the app's IPC), as in the form.
      await expect(saveSetup(engine.connector, setup('2020-01-01'), true)).rejects.toMatchObject({ code: 'invalid-request', field: 'secretExpiresOn', message: expect.stringContaining('That date has passed') });
      expect(engine.connector.settings.get('secretExpiresOn')).toBeNull();
      // The settings API (the app's IPC, the service's JSON) holds to the same rule.
      const handlers = createHandlers(engine.connector, { name: 'test', version: '0', mode: 'headless' });
      await expect(Promise.resolve().then(() => handlers.updateSettings({ secretExpiresOn: '2020-01-01' }))).rejects.toMatchObject({ code: 'invalid-request', field: 'secretExpiresOn' });
      expect(engine.connector.settings.get('secretExpiresOn')).toBeNull();
      // A date stored while it was ahead, passed since: saving other changes is not blocked by it.
      engine.connector.applySettings({ secretExpiresOn: '2020-01-01' });
      await saveSetup(engine.connector, setup('2020-01-01'), true);
      expect(engine.connector.status().secret).toMatchObject({ expiresOn: '2020-01-01' });
    } finally {
      await engine.dispose();
    }
  });

  it('Setup with both secrets starts over a vault whose key is gone, as "credentials needed" tells the operator', async () => {
    const first = await engineAgainst(sim);
    await first.close();
    // A new OS keyring, a lost DROPSTREAM_VAULT_KEY: the vault is opened with another key.
    const engine = await openHeadlessEngine({ dataDir: first.dataDir, env: { DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 8).toString('base64') }, logName: 'test', connection: FAST_RETRY });
    try {
      expect(engine.connector.status().connection).toMatchObject({ kind: 'credentials-needed', description: expect.stringContaining('Enter the Client Secret and Password again in Setup') });
      const values = { instanceUrl: sim.baseUrl, clientId: sim.credentials.clientId, username: sim.credentials.username };
      await expect(saveSetup(engine.connector, SetupInput.parse({ ...values, password: sim.credentials.password }), true)).rejects.toMatchObject({
        code: 'invalid-request',
        field: 'clientSecret',
        message: expect.stringContaining('the stored one cannot be decrypted'),
      });

      await saveSetup(engine.connector, SetupInput.parse({ ...values, clientSecret: sim.credentials.clientSecret, password: sim.credentials.password }), true);
      expect(engine.connector.status().connection.kind).toBe('connecting');
      await engine.connector.syncOnce();
      expect(engine.connector.status().connection.kind).toBe('connected');
      const replaced = engine.connector.ledger.activity.listRecent({ limit: 10 }).find((entry) => entry.kind === 'setup.vault-replaced');
      // What the other key could read is kept, named, for the process that holds that key.
      const kept = (replaced?.details as { keptUnreadable?: string } | undefined)?.keptUnreadable;
      expect(replaced?.message).toContain(`The file that could not be decrypted is kept as ${kept}`);
      // The harness's key, which the first engine stored the secrets under.
      expect(await new FileVault({ path: kept!, cipher: new AesGcmCipher(Buffer.alloc(32, 7)) }).get('clientSecret')).toBe(sim.credentials.clientSecret);
    } finally {
      await engine.close();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });

  it('rotates to a new secret with a refresh grant: no new API session, no order missed, the old secret can then go', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      const sessionsBefore = sim.inspect.openSessions().length;
      const created = sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
      const fresh = sim.admin.addSecret({});
      await rotateClientSecret(engine.connector, fresh.value, ROTATED_EXPIRY);
      sim.admin.removeSecret(sim.credentials.clientSecret);
      sim.admin.expireAccessTokens();
      sim.clock.advance(1_000);

      const after = await engine.connector.syncOnce();
      expect(after.orders.imported).toBe(1);
      expect(engine.connector.ledger.orders.hasOrder(created)).toBe(true);
      expect(okPasswordGrants()).toBe(1);
      expect(sim.inspect.openSessions().length).toBe(sessionsBefore);
      expect(engine.connector.status().secret.expiresOn).toBe(ROTATED_EXPIRY);
    } finally {
      await engine.dispose();
    }
  });

  it('rotate-secret from the CLI beside the running service: the service carries on with the rotated token, no new sign-in', async () => {
    const service = await engineAgainst(sim);
    try {
      await service.connector.syncOnce();
      // `connector rotate-secret` is another process over the same data folder and vault.
      const cli = await reopenEngine(sim, service.dataDir);
      const fresh = sim.admin.addSecret({});
      await rotateClientSecret(cli.connector, fresh.value, ROTATED_EXPIRY);
      await cli.close();
      sim.admin.removeSecret(sim.credentials.clientSecret);
      sim.admin.expireAccessTokens();

      await expect(service.connector.syncOnce()).resolves.toMatchObject({ tokenGrants: { password: 0, refresh: 1 } });
      expect(sim.inspect.grants().filter((grant) => grant.outcome !== 'ok')).toEqual([]);
      expect(okPasswordGrants()).toBe(1);
      expect(sim.inspect.openSessions()).toHaveLength(1);
    } finally {
      await service.dispose();
    }
  });

  it('a wrong new secret changes nothing: the old one keeps working', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      await expect(rotateClientSecret(engine.connector, 'not-a-secret', null)).rejects.toThrow(/keeps using the old secret/);
      expect(await engine.connector.vault.get('clientSecret')).toBe(sim.credentials.clientSecret);
      sim.admin.expireAccessTokens();
      await expect(engine.connector.syncOnce()).resolves.toMatchObject({ tokenGrants: { password: 0, refresh: 1 } });
      expect(engine.connector.status().connection.kind).toBe('connected');
    } finally {
      await engine.dispose();
    }
  });

  it('a rotation that cannot be checked, or is blocked by the password, says so without blaming the new secret', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      const fresh = sim.admin.addSecret({});
      // No answer from Acumatica: nothing is known about the value.
      sim.faults.dropConnection({ path: '/identity/connect/token', times: Infinity });
      await expect(rotateClientSecret(engine.connector, fresh.value, null)).rejects.toMatchObject({ code: 'failed', message: expect.stringMatching(/^The new secret could not be checked/) });
      sim.faults.clear();

      // The refresh token has lapsed, so proving the secret takes a sign-in, and the password was changed.
      sim.admin.setPassword(sim.credentials.username, 'Changed-Password-5');
      sim.clock.advance(31 * 86_400_000);
      await expect(rotateClientSecret(engine.connector, fresh.value, null)).rejects.toMatchObject({
        code: 'refused',
        field: 'password',
        message: expect.stringMatching(/^The new secret could not be proven: .* the integration user's password is refused \(.*invalid_grant.*\)\. Enter the new password with Update password/),
      });
      expect(await engine.connector.vault.get('clientSecret')).toBe(sim.credentials.clientSecret);
    } finally {
      await engine.dispose();
    }
  });

  it('a secret expiring while running turns the state to secret-rejected; rotation resumes import from where it stopped', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      sim.admin.expireSecret(sim.credentials.clientSecret);
      sim.admin.expireAccessTokens();
      const missed = sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
      await expect(engine.connector.syncOnce()).rejects.toMatchObject({ kind: 'secret-rejected' });
      expect(engine.connector.status().connection.kind).toBe('secret-rejected');

      const fresh = sim.admin.addSecret({});
      await rotateClientSecret(engine.connector, fresh.value, null);
      const resumed = await engine.connector.syncOnce();
      expect(engine.connector.ledger.orders.hasOrder(missed)).toBe(true);
      expect(resumed.orders.imported).toBe(1);
      expect(engine.connector.status().connection.kind).toBe('connected');
    } finally {
      await engine.dispose();
    }
  });

  it('a changed password is tried once (no retry loop), then "Update password" recovers with one sign-in', async () => {
    const stalePassword = sim.credentials.password;
    sim.admin.setPassword(sim.credentials.username, 'Changed-Password-2');
    const engine = await engineAgainst(sim, { password: stalePassword });
    try {
      await expect(engine.connector.syncOnce()).rejects.toMatchObject({ kind: 'credentials-rejected' });
      await expect(engine.connector.syncOnce()).rejects.toMatchObject({ kind: 'credentials-rejected' });
      expect(sim.inspect.grants('password')).toHaveLength(1);
      expect(engine.connector.status().connection.kind).toBe('credentials-rejected');

      await updatePassword(engine.connector, 'Changed-Password-2');
      await engine.connector.syncOnce();
      expect(okPasswordGrants()).toBe(1);
      expect(engine.connector.status().connection.kind).toBe('connected');
    } finally {
      await engine.dispose();
    }
  });

  it('a rejected password is not sent again by the next start, nor by a CLI command beside it, until it is entered again', async () => {
    const stalePassword = sim.credentials.password;
    sim.admin.setPassword(sim.credentials.username, 'Changed-Password-2');
    const engine = await engineAgainst(sim, { password: stalePassword });
    try {
      await expect(engine.connector.syncOnce()).rejects.toMatchObject({ kind: 'credentials-rejected' });
      await engine.close();
      // The PC restarts (the service starts again), and the admin runs `connector sync --once`.
      for (let start = 0; start < 2; start += 1) {
        const restarted = await reopenEngine(sim, engine.dataDir);
        await expect(restarted.connector.syncOnce()).rejects.toMatchObject({ kind: 'credentials-rejected', message: expect.stringContaining('invalid_grant') });
        expect(restarted.connector.status().connection.kind).toBe('credentials-rejected');
        await restarted.close();
      }
      expect(sim.inspect.grants('password')).toHaveLength(1);

      const fixed = await reopenEngine(sim, engine.dataDir);
      await updatePassword(fixed.connector, 'Changed-Password-2');
      await fixed.connector.syncOnce();
      expect(okPasswordGrants()).toBe(1);
      expect(fixed.connector.status().connection.kind).toBe('connected');
      await fixed.close();
    } finally {
      await engine.dispose();
    }
  });

  it('a password rejected by a connection test (`test-connection`, Setup\'s Test) is not sent again by the next sync, here or beside it', async () => {
    const stalePassword = sim.credentials.password;
    sim.admin.setPassword(sim.credentials.username, 'Changed-Password-2');
    const engine = await engineAgainst(sim, { password: stalePassword });
    try {
      await engine.close();
      const cli = await reopenEngine(sim, engine.dataDir);
      const s = cli.connector.settings.all();
      const tested = await testConnection(cli.connector, SetupInput.parse({ instanceUrl: s.instanceUrl, clientId: s.clientId, username: s.username }));
      expect(tested.ok).toBe(false);
      expect(sim.inspect.grants('password')).toHaveLength(1);
      expect(cli.connector.status().connection.kind).toBe('credentials-rejected');
      await cli.close();

      // The service (or `sync --once`) next: it knows the password was refused, and does not send it.
      const service = await reopenEngine(sim, engine.dataDir);
      await expect(service.connector.syncOnce()).rejects.toMatchObject({ kind: 'credentials-rejected', message: expect.stringContaining('invalid_grant') });
      expect(sim.inspect.grants('password')).toHaveLength(1);
      await updatePassword(service.connector, 'Changed-Password-2');
      await service.connector.syncOnce();
      expect(okPasswordGrants()).toBe(1);
      await service.close();
    } finally {
      await engine.dispose();
    }
  });

  it('a running service takes up a password fixed by `connector setup` beside it, without a restart, and only then', async () => {
    const stalePassword = sim.credentials.password;
    sim.admin.setPassword(sim.credentials.username, 'Changed-Password-3');
    const service = await engineAgainst(sim, { password: stalePassword });
    try {
      await expect(service.connector.syncOnce()).rejects.toMatchObject({ kind: 'credentials-rejected' });
      // Until someone fixes it, the service sends nothing: no second failed sign-in towards a lockout.
      await expect(service.connector.syncOnce()).rejects.toMatchObject({ kind: 'credentials-rejected' });
      expect(sim.inspect.grants('password')).toHaveLength(1);

      // The admin runs `connector setup` with the new password: another process, the same data folder.
      const cli = await reopenEngine(sim, service.dataDir);
      await saveSetup(
        cli.connector,
        SetupInput.parse({ instanceUrl: sim.baseUrl, clientId: sim.credentials.clientId, username: sim.credentials.username, password: 'Changed-Password-3' }),
        true,
      );
      await cli.close();

      // The service's next cycle signs in once with what the vault now holds.
      await expect(service.connector.syncOnce()).resolves.toMatchObject({ tokenGrants: { password: 1 } });
      expect(okPasswordGrants()).toBe(1);
      expect(service.connector.status().connection.kind).toBe('connected');
    } finally {
      await service.dispose();
    }
  });

  it('a sign-in with the old password that is rejected after Update password does not block the new one', async () => {
    const stalePassword = sim.credentials.password;
    sim.admin.setPassword(sim.credentials.username, 'Changed-Password-2');
    const engine = await engineAgainst(sim, { password: stalePassword });
    try {
      // The cycle's password grant is on the wire (with the old password) when the admin enters the new one.
      sim.faults.inject({ kind: 'latency', ms: 400 }, { path: '/identity/connect/token' });
      const inFlight = engine.connector.syncOnce();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await updatePassword(engine.connector, 'Changed-Password-2');
      await expect(inFlight).rejects.toMatchObject({ kind: 'credentials-rejected' });

      await expect(engine.connector.syncOnce()).resolves.toMatchObject({ tokenGrants: { password: 1 } });
      expect(okPasswordGrants()).toBe(1);
      const restarted = await reopenEngine(sim, engine.dataDir);
      expect(restarted.connector.status().connection.kind).not.toBe('credentials-rejected');
      await restarted.close();
    } finally {
      await engine.dispose();
    }
  });

  it('after a pause longer than the sliding window, exactly one password grant signs in again and says so', async () => {
    await sim.stop();
    sim = await startSimulator({ orders: 50, refreshToken: { mode: 'sliding', slidingSeconds: 15 * 86_400, absoluteSeconds: null } });
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      sim.clock.advance(16 * 86_400_000);
      await engine.connector.syncOnce();
      expect(okPasswordGrants()).toBe(2);
      const activity = engine.connector.ledger.activity.listRecent({ limit: 50 }).map((entry) => entry.kind);
      expect(activity).toContain('auth.refresh-rejected');
    } finally {
      await engine.dispose();
    }
  });
});
