// A vault the service's key cannot decrypt (the service started without its DROPSTREAM_VAULT_KEY,
// or the file damaged), on the real engine and the simulator in Chromium: the dashboard must say
// what is needed and where, and Setup with both secrets entered again must bring it back.
import { test, expect } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createHandlers } from '../../main/engine/handlers.ts';
import { openHeadlessEngine } from '../../main/engine/open-headless.ts';
import { startService } from '../../main/headless/server.ts';
import { FAST_RETRY } from '../support/engine-harness.ts';
import { fillSetup, realEngineSuite, setUpThroughForm, shot, testConnection, watch } from './real-harness.ts';

const suite = realEngineSuite({ orders: 20 });
const problems: string[] = [];

test('a vault that cannot be decrypted: the dashboard sends the operator to Setup for both secrets, and Setup restores the connection', async ({ page }) => {
  watch(page, problems);
  const running = await suite.start();
  await page.goto(running.service.url);
  await setUpThroughForm(page, suite.sim);
  await page.close();

  // The same data folder, reopened under another key.
  await running.service.close();
  await running.engine.close();
  running.engine = await openHeadlessEngine({ dataDir: running.dataDir, env: { DROPSTREAM_VAULT_KEY: randomBytes(32).toString('base64') }, logName: 'e2e', connection: FAST_RETRY });
  const { connector } = running.engine;
  running.service = await startService({
    rendererDir: resolve('out/renderer'),
    handlers: createHandlers(connector, { name: 'DropStream Connector', version: '0.0.0-e2e', mode: 'headless' }),
    subscribe: (listener) => connector.subscribe(listener),
  });
  const next = await page.context().newPage();
  watch(next, problems);
  await next.goto(running.service.url);
  await expect(next.locator('#connection-title')).toHaveText('Secrets needed');
  await expect(next.locator('.connection-explanation')).toHaveText(/cannot be decrypted .* Enter the Client Secret and Password again in Setup\.$/);
  // The password form alone cannot help: the vault it would write to cannot be read.
  await expect(next.getByRole('form', { name: 'Update password' })).toHaveCount(0);
  await shot(next, 'vault-unreadable-dashboard');

  await next.getByRole('button', { name: 'Open Setup' }).click();
  await expect(next.getByRole('heading', { name: 'Setup' })).toBeVisible();
  await expect(next.getByLabel('Client Secret')).toHaveValue('');
  await fillSetup(next, suite.sim);
  await testConnection(next);
  await next.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(next.locator('#connection-title')).toHaveText('Connected', { timeout: 15_000 });
  expect(readdirSync(running.dataDir).some((name) => name.startsWith('secrets.vault.unreadable-'))).toBe(true);
  expect(problems).toEqual([]);
});
