// The shell's engine adapter over the real Connector: a temp data folder, the app's vault
// (FileVault + safeStorage cipher over a fake safeStorage), no Electron and no network.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP_LOG_NAME, createConnectorShellEngine } from '../../../main/app/connector-shell-engine.ts';
import { memoryPreferences } from '../../../main/app/preferences.ts';
import { createSafeStorageCipher } from '../../../main/app/safe-storage-cipher.ts';
import type { ShellEngine } from '../../../main/app/shell-engine.ts';
import { weakStorageConsent } from '../../../main/app/weak-storage-consent.ts';
import { dispatch } from '../../../main/engine/dispatch.ts';
import { ledgerPath, logsDir } from '../../../main/engine/data-dir.ts';
import { holdPollerLease, livePoller } from '../../../main/engine/poller-lease.ts';
import { openLedger } from '../../../main/store/index.ts';
import { APP_VAULT_FILE, FileVault } from '../../../main/vault/index.ts';
import type { ActivityEntry, ConnectorStatus } from '../../../preload/api.ts';
import { fakeSafeStorage } from './fixtures.ts';

let dataDir: string;
const open: ShellEngine[] = [];
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'dropstream-shell-engine-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((engine) => engine.stop().catch(() => undefined)));
  rmSync(dataDir, { recursive: true, force: true });
});

const identity = {
  instanceUrl: 'https://erp.example.com/AcumaticaERP',
  clientId: '0c3a1f4e-7d2b-4b8e-9a61-2f5d8c9e1a34@Company',
  username: 'dropstream',
};

function appVault(storage = fakeSafeStorage(), accept = false) {
  const confirmWeakStorage = weakStorageConsent(memoryPreferences(), async () => accept);
  const cipher = createSafeStorageCipher({ safeStorage: storage.safeStorage, platform: 'linux', confirmWeakStorage });
  return new FileVault({ path: join(dataDir, APP_VAULT_FILE), cipher });
}

async function openEngine(vault = appVault()): Promise<ShellEngine> {
  const engine = await createConnectorShellEngine({ dataDir, vault, appVersion: '1.2.3' });
  open.push(engine);
  return engine;
}

async function close(engine: ShellEngine): Promise<void> {
  open.splice(open.indexOf(engine), 1);
  await engine.stop();
}

describe('the shell engine over the Connector', () => {
  it('starts not configured, answers as the Electron app, and does not poll before setup', async () => {
    const engine = await openEngine();
    expect(engine.getStatus().connection).toEqual({ kind: 'not-configured' });
    await expect(dispatch(engine.handlers, 'appInfo', undefined)).resolves.toEqual({
      ok: true,
      value: { name: 'DropStream Connector', version: '1.2.3', mode: 'electron' },
    });
    engine.start();
    expect(engine.getStatus().nextSyncAt).toBeNull();
    expect(engine.setting('quietNotifications')).toBe(false);
    expect(readdirSync(logsDir(dataDir)).some((file) => file.startsWith(APP_LOG_NAME))).toBe(true);
  });

  it('keeps engine settings in the ledger, where the next process (the CLI, the service) reads them', async () => {
    const first = await openEngine();
    // With the identity set: the contract's SettingsView rejects the empty defaults of a fresh ledger.
    const saved = await dispatch(first.handlers, 'updateSettings', { ...identity, quietNotifications: true, pollIntervalSeconds: 120 });
    expect(saved).toMatchObject({ ok: true, value: { quietNotifications: true, pollIntervalSeconds: 120 } });
    expect(first.setting('quietNotifications')).toBe(true);
    await close(first);

    const second = await openEngine();
    expect(second.setting('pollIntervalSeconds')).toBe(120);
    await expect(dispatch(second.handlers, 'getSettings', undefined)).resolves.toMatchObject({ value: { quietNotifications: true } });
  });

  it('passes status changes and activity batches on, and stops when unsubscribed', async () => {
    const engine = await openEngine();
    const statuses: ConnectorStatus[] = [];
    const batches: ActivityEntry[][] = [];
    const offStatus = engine.onStatus((status) => statuses.push(status));
    const offActivity = engine.onEvent('activity', (batch) => batches.push(batch));

    engine.pause(null);
    await Promise.resolve(); // status changes are coalesced into one event per tick
    expect(batches).toHaveLength(1);
    expect(batches[0]?.map((entry) => entry.kind)).toEqual(['sync.paused']);
    expect(statuses.at(-1)?.connection.kind).toBe('not-configured');

    offStatus();
    offActivity();
    engine.resume();
    await Promise.resolve();
    expect(batches).toHaveLength(1);
  });

  it('reports credentials needed, not a crash, when the vault cannot be decrypted', async () => {
    const storage = fakeSafeStorage();
    const first = await openEngine(appVault(storage));
    await dispatch(first.handlers, 'updateSettings', identity);
    await appVault(storage).setMany({ clientSecret: 'shared-secret-value', password: 'user-password' });
    await close(first);

    const readable = await openEngine(appVault(storage));
    expect(readable.getStatus()).toMatchObject({ connection: { kind: 'connecting' }, storedSecrets: { clientSecret: true, password: true } });
    await close(readable);

    storage.state.keyring = 'reset'; // a new OS keyring, or the profile copied to another user
    const unreadable = await openEngine(appVault(storage));
    expect(unreadable.getStatus()).toMatchObject({
      connection: { kind: 'credentials-needed' },
      storedSecrets: { clientSecret: false, password: false },
    });

    // What the state tells the user to do: enter both secrets again in Setup.
    const saved = await dispatch(unreadable.handlers, 'saveSetup', { setup: { ...identity, clientSecret: 'new-shared-secret', password: 'new-password' }, saveUntested: true });
    expect(saved).toMatchObject({ ok: true });
    expect(unreadable.getStatus()).toMatchObject({ connection: { kind: 'connecting' }, storedSecrets: { clientSecret: true, password: true } });
  });

  it('keeps the secrets it cannot decrypt when the ones entered again cannot be stored', async () => {
    const storage = fakeSafeStorage();
    const first = await openEngine(appVault(storage));
    await dispatch(first.handlers, 'updateSettings', identity);
    await appVault(storage).setMany({ clientSecret: 'shared-secret-value', password: 'user-password' });
    await close(first);

    // A session without the keyring (a remote login): Chromium falls back to basic_text, which
    // cannot decrypt the vault, and the operator declines storing secrets under it.
    Object.assign(storage.state, { keyring: 'nokeyring', backend: 'basic_text' });
    const session = await openEngine(appVault(storage, false));
    expect(session.getStatus().connection.kind).toBe('credentials-needed');
    const answer = await dispatch(session.handlers, 'saveSetup', { setup: { ...identity, clientSecret: 'new-shared-secret', password: 'new-password' }, saveUntested: true });
    expect(answer).toEqual({ ok: false, error: { code: 'failed', message: expect.stringContaining('No keyring is running') } });
    await close(session);

    // The next session has its keyring again: the secrets stored under it are still there.
    Object.assign(storage.state, { keyring: 'operator', backend: 'gnome_libsecret' });
    const back = await openEngine(appVault(storage));
    expect(back.getStatus()).toMatchObject({ connection: { kind: 'connecting' }, storedSecrets: { clientSecret: true, password: true } });
    expect(await appVault(storage).get('clientSecret')).toBe('shared-secret-value');
  });

  it('saving setup into a declined basic_text store fails with the reason and saves nothing', async () => {
    const storage = fakeSafeStorage({ backend: 'basic_text' });
    const engine = await openEngine(appVault(storage, false));
    const answer = await dispatch(engine.handlers, 'saveSetup', {
      setup: { ...identity, clientSecret: 'shared-secret-value', password: 'user-password' },
      saveUntested: true,
    });
    expect(answer).toEqual({ ok: false, error: { code: 'failed', message: expect.stringContaining('No keyring is running') } });
    expect(JSON.stringify(answer)).not.toContain('shared-secret-value');
    expect(engine.getStatus().connection).toEqual({ kind: 'not-configured' });
    expect(readdirSync(dataDir)).not.toContain(APP_VAULT_FILE);
  });

  it("writes the shell's own warnings into the app's log file, and drops them once stopped", async () => {
    const engine = await openEngine();
    engine.log('error', 'Tray action pause-hour failed', 'database is locked');
    engine.log('warn', 'Refused to open a link outside the allow-list');
    await close(engine);
    expect(() => engine.log('error', 'Stopping the engine failed', 'too late')).not.toThrow();

    const files = readdirSync(logsDir(dataDir)).filter((file) => file.startsWith(APP_LOG_NAME));
    const lines = files
      .flatMap((file) => readFileSync(join(logsDir(dataDir), file), 'utf8').split('\n'))
      .filter((line) => line.includes('"scope":"shell"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'error', scope: 'shell', msg: 'Tray action pause-hour failed', detail: 'database is locked' }),
      expect.objectContaining({ level: 'warn', scope: 'shell', msg: 'Refused to open a link outside the allow-list' }),
    ]);
  });

  it('stops cleanly: the ledger is released for the next process', async () => {
    const engine = await openEngine();
    await close(engine);
    const again = await openEngine();
    expect(again.getStatus().connection.kind).toBe('not-configured');
  });

  it('holds the data folder while it runs: a service is refused, and a running service keeps the app out', async () => {
    const engine = await openEngine();
    const ledger = openLedger({ path: ledgerPath(dataDir) });
    try {
      expect(livePoller(ledger.pollerLease, { now: Date.now })).toMatchObject({ kind: 'desktop', pid: process.pid });
      expect(() => holdPollerLease(ledger.pollerLease, 'service', { now: Date.now }, () => undefined)).toThrow(
        /^The desktop app \(process \d+, since .*\) is already syncing this data folder\. Stop it first/,
      );
      await close(engine);
      expect(ledger.pollerLease.current()).toBeNull();

      const service = holdPollerLease(ledger.pollerLease, 'service', { now: Date.now }, () => undefined);
      service.setPort(5123);
      const refused = await openEngine().then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(Error);
      const message = (refused as Error).message;
      expect(message).toMatch(/^The service \("connector run", process \d+, port 5123, since .*\) is already syncing this data folder/);
      // Which folder, and how to stop the app coming back at every login when the service is wanted.
      expect(message).toContain(`Data folder: ${dataDir}.`);
      expect(message).toMatch(/take DropStream Connector out of the login items/);
      // And the app's log file says so too: the dialog is gone once dismissed.
      const logged = readdirSync(logsDir(dataDir))
        .filter((file) => file.startsWith(APP_LOG_NAME))
        .flatMap((file) => readFileSync(join(logsDir(dataDir), file), 'utf8').split('\n'))
        .filter((line) => line.includes('the app could not start'));
      expect(logged).toHaveLength(1);
      expect(JSON.parse(logged[0]!)).toMatchObject({ level: 'error', scope: 'shell', detail: message });
      // The refused app released the ledger and its log file (the test's cleanup deletes the folder).
      service.release();
      await openEngine();
    } finally {
      ledger.close();
    }
  });
});
