import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../main/engine/dispatch.ts';
import { createHandlers } from '../../../main/engine/handlers.ts';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { Connector } from '../../../main/engine/connector.ts';
import { createLogger } from '../../../main/log/index.ts';
import { MemoryVault } from '../../../main/vault/memory-vault.ts';
import { engineAgainst, FAST_RETRY, reopenEngine } from '../../support/engine-harness.ts';
import { saveSetup } from '../../../main/engine/setup-actions.ts';
import { SetupInput } from '../../../preload/api.ts';

// The vault's client secret, password and refresh token were entered for (or issued to) one
// instance, client and user. A settings change or a connection test must never carry them to
// another host: an "instance" that records every request it gets stands in for one.
let sim: Simulator;
let elsewhere: Server;
let elsewhereUrl: string;
const received: string[] = [];

beforeAll(async () => {
  sim = await startSimulator({ orders: 20 });
  elsewhere = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push(`${req.method} ${req.url} ${body}`);
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
  elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/AcumaticaERP`;
});
// Each test starts with no API session open (the simulator allows only a few at once).
afterEach(() => sim.reset());
afterAll(async () => {
  await sim.stop();
  await new Promise((resolve) => elsewhere.close(resolve));
});

const app = { name: 'DropStream Connector', version: 'test', mode: 'headless' as const };

describe('the sign-in identity and the stored secrets', () => {
  it('refuses a settings change that would move the connection to another instance, client or user', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      const handlers = createHandlers(engine.connector, app);
      for (const patch of [{ instanceUrl: elsewhereUrl }, { clientId: 'B1A2C3D4-0000-0000-0000-000000000000@Company' }, { username: 'someone-else' }]) {
        const key = Object.keys(patch)[0]!;
        const answer = await dispatch(handlers, 'updateSettings', { ...patch, pollIntervalSeconds: 300 });
        expect(answer).toMatchObject({ ok: false, error: { code: 'invalid-request', field: key, message: expect.stringMatching(/only through Setup/) } });
      }
      // Nothing of a refused patch is written, not even its harmless part.
      expect(engine.connector.settings.get('instanceUrl')).toBe(sim.baseUrl);
      expect(engine.connector.settings.get('pollIntervalSeconds')).toBe(60);
      // The same value again is no change; other settings still save.
      await expect(dispatch(handlers, 'updateSettings', { instanceUrl: sim.baseUrl, pollIntervalSeconds: 300 })).resolves.toMatchObject({ ok: true, value: { pollIntervalSeconds: 300 } });
      sim.admin.expireAccessTokens();
      await expect(engine.connector.syncOnce()).resolves.toMatchObject({ tokenGrants: { password: 0, refresh: 1 } });
      expect(received).toEqual([]);
    } finally {
      await engine.dispose();
    }
  });

  it('Setup in a new process signs the old identity\'s session out before it moves to the new one', async () => {
    const service = await engineAgainst(sim);
    try {
      await service.connector.syncOnce();
      const sessions = sim.inspect.openSessions().length;
      await service.close();
      // What `connector setup` does: a fresh process with no live connection, a new user.
      sim.admin.addUser({ username: 'picker', password: 'Picker-Password-1' });
      const cli = await reopenEngine(sim, service.dataDir);
      const moved = SetupInput.parse({ instanceUrl: sim.baseUrl, clientId: sim.credentials.clientId, username: 'picker', clientSecret: sim.credentials.clientSecret, password: 'Picker-Password-1' });
      await saveSetup(cli.connector, moved, true);
      expect(sim.inspect.openSessions()).toHaveLength(sessions - 1);
      await expect(cli.connector.syncOnce()).resolves.toMatchObject({ tokenGrants: { password: 1 } });
      await cli.close();
    } finally {
      await service.dispose();
    }
  });

  it("a program whose own vault holds the old sign-in's secrets sends them nowhere after another moved the settings", async () => {
    // The tray app (its own vault) and the CLI (the file vault) over one data folder.
    const cli = await engineAgainst(sim);
    const log = createLogger({ dataDir: cli.dataDir, baseName: 'app' });
    const app = new Connector({ dataDir: cli.dataDir, vault: new MemoryVault(), log, connection: FAST_RETRY });
    try {
      await saveSetup(app, SetupInput.parse({ instanceUrl: sim.baseUrl, clientId: sim.credentials.clientId, username: sim.credentials.username, clientSecret: sim.credentials.clientSecret, password: sim.credentials.password }), true);
      await app.syncOnce();

      sim.admin.addUser({ username: 'picker', password: 'Picker-Password-1' });
      await saveSetup(cli.connector, SetupInput.parse({ instanceUrl: sim.baseUrl, clientId: sim.credentials.clientId, username: 'picker', clientSecret: sim.credentials.clientSecret, password: 'Picker-Password-1' }), true);

      sim.admin.expireAccessTokens();
      const grantsBefore = sim.inspect.grants().length;
      await expect(app.syncOnce()).rejects.toMatchObject({ kind: 'configuration', message: expect.stringMatching(/entered for another Acumatica sign-in/) });
      expect(sim.inspect.grants()).toHaveLength(grantsBefore);
      // The program that set the new sign-in up works with it.
      await expect(cli.connector.syncOnce()).resolves.toMatchObject({ tokenGrants: { password: 1 } });
    } finally {
      await app.stop();
      log.close();
      await cli.dispose();
    }
  });

  it('asks for the secrets again to test another instance, and sends none of the stored ones there', async () => {
    const engine = await engineAgainst(sim);
    try {
      const handlers = createHandlers(engine.connector, app);
      const saved = { instanceUrl: sim.baseUrl, clientId: sim.credentials.clientId, username: sim.credentials.username };

      const otherInstance = await dispatch(handlers, 'testConnection', { ...saved, instanceUrl: elsewhereUrl });
      expect(otherInstance).toMatchObject({ ok: false, error: { code: 'invalid-request', field: 'clientSecret', message: expect.stringMatching(/only sent to the instance, client and user it was entered for/) } });
      const otherUser = await dispatch(handlers, 'testConnection', { ...saved, username: 'someone-else' });
      expect(otherUser).toMatchObject({ ok: false, error: { field: 'password' } });
      const otherClient = await dispatch(handlers, 'testConnection', { ...saved, clientId: 'B1A2C3D4-0000-0000-0000-000000000000@Company', password: 'typed-again' });
      expect(otherClient).toMatchObject({ ok: false, error: { field: 'clientSecret' } });
      // A mistyped field name is refused, not dropped (which would fall back to a stored secret).
      const misspelt = await dispatch(handlers, 'testConnection', { ...saved, clientsecret: 'typed-secret' });
      expect(misspelt).toMatchObject({ ok: false, error: { code: 'invalid-request', message: expect.stringMatching(/Unrecognized key.*clientsecret/) } });
      expect(received).toEqual([]);

      // Typed again, they go where the admin sent them (and the stored ones stay put).
      const typed = await dispatch(handlers, 'testConnection', { ...saved, instanceUrl: elsewhereUrl, clientSecret: 'typed-secret', password: 'typed-password' });
      expect(typed).toMatchObject({ ok: true, value: { ok: false } });
      expect(received.join('\n')).not.toContain(sim.credentials.clientSecret);
      expect(received.join('\n')).not.toContain(sim.credentials.password);
      expect(await engine.connector.vault.get('clientSecret')).toBe(sim.credentials.clientSecret);

      // The saved values themselves still test with the stored secrets.
      await expect(dispatch(handlers, 'testConnection', saved)).resolves.toMatchObject({ ok: true, value: { ok: true } });
    } finally {
      received.length = 0;
      await engine.dispose();
    }
  });
});
