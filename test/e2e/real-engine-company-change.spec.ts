// Setup moved from one Acumatica company to another (a sandbox, then production: here a second
// simulator) on the real engine, through the UI in Chromium: Save asks which it is, and "Another
// company" starts the ledger over, so the orders listed are the new company's alone.
import { test, expect } from '@playwright/test';
import { startSimulator, type Simulator } from '../acumatica-sim/index.ts';
import { setUpThroughForm, testConnection, watch, realEngineSuite } from './real-harness.ts';

const suite = realEngineSuite({ orders: 30, seed: 11 });
const problems: string[] = [];
let production: Simulator;
test.beforeAll(async () => {
  production = await startSimulator({ orders: 150, seed: 12, tenant: 'Production' });
});
test.afterAll(async () => {
  await production.stop();
});

test('moving Setup to another company asks first; "Another company" starts the ledger over', async ({ page }) => {
  const running = await suite.start();
  watch(page, problems);
  await page.goto(running.service.url);
  await setUpThroughForm(page, suite.sim);
  const before = await running.engine.connector.ledger.orders.countAll();
  expect(before).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Setup' }).click();
  await page.getByLabel('Instance URL').fill(production.baseUrl);
  await page.getByLabel('Client ID').fill(production.credentials.clientId);
  // Secrets stored for the old instance are never sent to the new one: both are entered again.
  await page.getByRole('button', { name: 'Replace' }).first().click();
  await page.getByRole('button', { name: 'Replace' }).first().click();
  await page.getByLabel('New Client Secret').fill(production.credentials.clientSecret);
  await page.getByLabel('New Password').fill(production.credentials.password);
  await testConnection(page);
  await page.getByRole('button', { name: 'Save', exact: true }).click();

  const question = page.getByRole('group', { name: /may be another Acumatica company/ });
  await expect(question).toContainText(`this connector holds ${before} orders`);
  await expect(question).toBeFocused();
  expect(await running.engine.connector.ledger.orders.countAll()).toBe(before);
  await question.getByRole('button', { name: 'Another company' }).click();
  // Saved: the dashboard again, and at once a first sync of the new company's first-run window.
  await expect(page.locator('.stat', { hasText: 'Orders in total' }).locator('dd')).not.toHaveText('0', { timeout: 15_000 });
  await expect
    .poll(async () => {
      const listed = running.engine.connector.ledger.orders.listOrders({ limit: 1000 }).orders;
      return listed.length > 0 && listed.every((order) => production.inspect.order(order.orderType, order.orderNbr)?.customerId === order.customerId);
    }, { timeout: 15_000 })
    .toBe(true);
  expect(problems).toEqual([]);
});
