// The real headless service on the real engine (ledger, vault, sync, preflight) in a fresh data
// folder, and the steps the acceptance tests share: setup through the form, Sync now, screenshots.
import { test, expect, type Locator, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createHandlers } from '../../main/engine/handlers.ts';
import { openHeadlessEngine, type HeadlessEngine } from '../../main/engine/open-headless.ts';
import { startService, type RunningService } from '../../main/headless/server.ts';
import { startSimulator, type Simulator, type SimulatorOptions } from '../acumatica-sim/index.ts';
import { FAST_RETRY } from '../support/engine-harness.ts';

export interface Running {
  dataDir: string;
  engine: HeadlessEngine;
  service: RunningService;
}

/** A fresh data folder, as on a new install: nothing set up yet. */
export async function startConnector(): Promise<Running> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ds-e2e-'));
  const engine = await openHeadlessEngine({
    dataDir,
    env: { DROPSTREAM_VAULT_KEY: randomBytes(32).toString('base64') },
    logName: 'e2e',
    connection: FAST_RETRY,
  });
  const { connector } = engine;
  const service = await startService({
    rendererDir: resolve('out/renderer'),
    handlers: createHandlers(connector, { name: 'DropStream Connector', version: '0.0.0-e2e', mode: 'headless' }),
    subscribe: (listener) => connector.subscribe(listener),
  });
  return { dataDir, engine, service };
}

/**
 * A spec file's simulator and each test's connector, with the cleanup every real-engine spec needs:
 * the page first (its EventSource holds a connection to the service), then the connector, then the
 * simulator back to its start.
 */
export function realEngineSuite(simOptions: SimulatorOptions) {
  let sim: Simulator | undefined;
  let running: Running | null = null;
  test.beforeAll(async () => {
    sim = await startSimulator(simOptions);
  });
  test.afterAll(async () => {
    await sim?.stop();
  });
  test.afterEach(async ({ page }) => {
    await page.close();
    if (running) await stopConnector(running);
    running = null;
    sim?.reset();
  });
  return {
    get sim(): Simulator {
      if (!sim) throw new Error('realEngineSuite: the simulator starts in beforeAll');
      return sim;
    },
    /** A fresh connector for this test, stopped after it. */
    async start(): Promise<Running> {
      running = await startConnector();
      return running;
    },
  };
}

export async function stopConnector(running: Running): Promise<void> {
  await running.service.close();
  await running.engine.close();
  rmSync(running.dataDir, { recursive: true, force: true });
}

/** Collects page errors and console errors into `problems` (emptied first). */
export function watch(page: Page, problems: string[]) {
  problems.length = 0;
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
}

/** A screenshot kept with the test's results; `focus` is scrolled into view first. */
export async function shot(page: Page, name: string, focus?: Locator) {
  await focus?.scrollIntoViewIfNeeded();
  await page.screenshot({ path: test.info().outputPath(`${name}.png`) });
}

/** The five values from the setup article; `override` swaps in a wrong one. */
export async function fillSetup(page: Page, sim: Simulator, override: { clientSecret?: string; password?: string } = {}) {
  await page.getByLabel('Instance URL').fill(sim.baseUrl);
  await page.getByLabel('Client ID').fill(sim.credentials.clientId);
  await page.getByLabel('Client Secret').fill(override.clientSecret ?? sim.credentials.clientSecret);
  await page.getByLabel('Username').fill(sim.credentials.username);
  await page.getByLabel('Password', { exact: true }).fill(override.password ?? sim.credentials.password);
  await page.getByLabel('Never expires').check();
}

export async function testConnection(page: Page) {
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(page.getByRole('heading', { name: 'Connection test' })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('button', { name: 'Testing…' })).toHaveCount(0);
}

/** First run: the form, a passing test, Save, and the dashboard once orders are in. */
export async function setUpThroughForm(page: Page, sim: Simulator) {
  await expect(page.getByRole('heading', { name: 'Setup' })).toBeVisible();
  await fillSetup(page, sim);
  await testConnection(page);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('#connection-title')).toHaveText('Connected', { timeout: 15_000 });
  await expect(page.locator('.stat', { hasText: 'Orders in total' }).locator('dd')).not.toHaveText('0', { timeout: 15_000 });
}

export async function syncNowFromDashboard(page: Page) {
  await page.getByRole('button', { name: 'Dashboard', exact: true }).click();
  const syncNow = page.getByRole('button', { name: 'Sync now' });
  await expect(syncNow).toBeEnabled();
  await syncNow.click();
}
