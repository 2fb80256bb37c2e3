// Against the Acumatica simulator: save the setup through the contract, then watch the status
// and the tray reach `connected`, and a requested sync show as syncing at once.
import { expect, test } from '@playwright/test';
import { cannotRun, invoke, launchConnector, skipReason, trayModel } from './launch-connector.ts';

const simulator = process.env.ACUMATICA_SIM_URL;

test.skip(cannotRun, skipReason);
test.skip(!simulator, 'Needs a running Acumatica simulator: set ACUMATICA_SIM_URL (and ACUMATICA_SIM_CLIENT_ID, _SECRET, _USER, _PASSWORD) from `npm run sim`.');

const setup = {
  instanceUrl: simulator,
  clientId: process.env.ACUMATICA_SIM_CLIENT_ID,
  clientSecret: process.env.ACUMATICA_SIM_SECRET,
  username: process.env.ACUMATICA_SIM_USER,
  password: process.env.ACUMATICA_SIM_PASSWORD,
};

const connectionKind = async (window: Parameters<typeof invoke>[0]) =>
  ((await invoke(window, 'getStatus')) as { value?: { connection: { kind: string } } }).value?.connection.kind;

test('setup connects, and the tray follows', async () => {
  const connector = await launchConnector();
  try {
    await expect(invoke(connector.window, 'saveSetup', { setup, saveUntested: false })).resolves.toMatchObject({ ok: true });
    await expect.poll(() => connectionKind(connector.window), { timeout: 30_000 }).toMatch(/^(connected|syncing)$/);
    await expect.poll(async () => (await trayModel(connector.app))?.icon, { timeout: 30_000 }).toBe('connected');
  } finally {
    await connector.close();
  }
});

test('sync now shows syncing at once and records the sync', async () => {
  const connector = await launchConnector();
  try {
    await invoke(connector.window, 'saveSetup', { setup, saveUntested: false });
    await expect.poll(() => connectionKind(connector.window), { timeout: 30_000 }).toBe('connected');
    const before = ((await invoke(connector.window, 'getStatus')) as { value: { lastSyncAt: string | null } }).value.lastSyncAt;
    await expect(invoke(connector.window, 'syncNow')).resolves.toMatchObject({ ok: true });
    await expect.poll(async () => (await trayModel(connector.app))?.icon, { timeout: 5_000 }).toMatch(/^(syncing|connected)$/);
    await expect
      .poll(async () => ((await invoke(connector.window, 'getStatus')) as { value: { lastSyncAt: string | null } }).value.lastSyncAt, { timeout: 30_000 })
      .not.toBe(before);
  } finally {
    await connector.close();
  }
});
