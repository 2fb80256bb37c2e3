// Issues 7 and 8 on the real engine and the Acumatica simulator, through the UI in Chromium: a
// zero-downtime secret rotation with the wizard (the old secret removed afterwards, and syncing
// still works), and a tracking number entered in the order drawer reaching the shipment's package.
import { test, expect, type Page } from '@playwright/test';
import { setUpThroughForm, shot, syncNowFromDashboard, watch, realEngineSuite } from './real-harness.ts';
import { yearsAhead } from '../support/future-date.ts';

const ROTATED_EXPIRY = yearsAhead(2, '06-30');

const suite = realEngineSuite({ orders: 200, virtualDirectory: '/AcumaticaERP' });
const problems: string[] = [];

const lastSync = (page: Page) => page.locator('.stat', { hasText: 'Last sync' }).locator('dd');

test('rotate the client secret through the wizard, remove the old one in Acumatica, and keep syncing', async ({ page }) => {
  const running = await suite.start();
  watch(page, problems);
  await page.goto(running.service.url);
  await setUpThroughForm(page, suite.sim);

  const oldSecret = suite.sim.credentials.clientSecret;
  const added = suite.sim.admin.addSecret({});
  // The tray's "Rotate client secret" opens this address.
  await page.goto(`${running.service.url}#/rotate-secret`);
  await expect(page.getByRole('heading', { name: 'Rotate the client secret' })).toBeVisible();
  await page.getByRole('button', { name: 'I have copied the new value' }).click();
  await page.getByLabel('New Client Secret').fill(added.value);
  await page.getByLabel('Expires On (UTC)').fill(ROTATED_EXPIRY);
  await page.getByRole('button', { name: 'Next' }).click();
  const refreshesBefore = suite.sim.inspect.grants('refresh').length;
  await page.getByRole('button', { name: 'Verify and switch' }).click();
  await expect(page.getByRole('heading', { name: 'Step 4 of 4: Remove the old secret' })).toBeVisible({ timeout: 10_000 });
  // Proven with a refresh grant authenticated by the new secret, not a new password sign-in.
  expect(suite.sim.inspect.grants('refresh').slice(refreshesBefore).some((grant) => grant.outcome === 'ok')).toBe(true);
  await shot(page, 'rotate-switched');

  suite.sim.admin.removeSecret(oldSecret);
  suite.sim.admin.expireAccessTokens();
  await page.getByRole('button', { name: 'Check connection' }).click();
  await expect(page.locator('.preflight-summary')).toContainText('All checks passed: the connection works on the new secret.', { timeout: 10_000 });
  await shot(page, 'rotate-checked', page.locator('.preflight'));

  // Sync now on the new secret alone: a new order arrives, no grant is refused.
  const created = suite.sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
  const grantsBefore = suite.sim.inspect.grants().length;
  await syncNowFromDashboard(page);
  await expect(page.locator('#connection-title')).toHaveText('Connected', { timeout: 10_000 });
  await expect(lastSync(page)).toHaveText('just now', { timeout: 10_000 });
  await page.getByRole('button', { name: 'Orders' }).click();
  await expect(page.locator('.grid-body [role=row]').filter({ hasText: created.orderNbr })).toBeVisible({ timeout: 10_000 });
  expect(suite.sim.inspect.grants().slice(grantsBefore).filter((grant) => grant.outcome !== 'ok')).toEqual([]);
  await page.getByRole('button', { name: 'Dashboard', exact: true }).click();
  await expect(page.locator('.stat', { hasText: 'Shared secret' })).toContainText(`(expires ${ROTATED_EXPIRY})`);
  expect(problems).toEqual([]);
});

test('a tracking number entered in the order drawer is posted to the shipment after Sync now', async ({ page }) => {
  const running = await suite.start();
  watch(page, problems);
  await page.goto(running.service.url);
  await setUpThroughForm(page, suite.sim);

  // An imported order that is being packed: its open shipment has a package without a tracking
  // number. The first run imports only the last week, so look among the orders the ledger holds.
  const imported = (key: { orderType: string; orderNbr: string }) => running?.engine.connector.ledger.orders.getOrder(key) !== undefined;
  const shipment = suite.sim.inspect
    .shipments()
    .find((candidate) => candidate.status === 'Open' && candidate.orders.length === 1 && candidate.orders.every(imported) && candidate.packages.some((pkg) => pkg.trackingNbr === null));
  const order = shipment?.orders[0];
  if (!shipment || !order) throw new Error('no imported order has an open shipment in the simulator');

  await page.getByRole('button', { name: 'Orders' }).click();
  await page.getByLabel('Find').fill(order.orderNbr);
  await page.locator('.grid-body [role=row]').filter({ hasText: order.orderNbr }).first().click();
  const drawer = page.getByRole('dialog');
  await drawer.getByLabel('Tracking number', { exact: true }).fill('1ZE2E0000000000001');
  await drawer.getByLabel('Carrier (optional)').fill('UPS');
  await drawer.getByLabel('Weight (optional)').fill('3.2');
  await drawer.getByRole('button', { name: 'Queue tracking number' }).click();
  await expect(drawer).toContainText('Queued: 1ZE2E0000000000001 is posted to Acumatica at the next sync.');
  await expect(drawer.locator('.timeline')).toContainText('1ZE2E0000000000001');
  await shot(page, 'tracking-queued', drawer.locator('.tracking-form'));
  await page.keyboard.press('Escape');

  await syncNowFromDashboard(page);
  await expect
    .poll(() => suite.sim.inspect.shipmentPackages(shipment.shipmentNbr).map((pkg) => pkg.trackingNbr), { timeout: 15_000 })
    .toContain('1ZE2E0000000000001');
  await page.getByRole('button', { name: 'Deliveries' }).click();
  await expect(page.getByRole('heading', { name: 'Failed tracking numbers (0)' })).toBeVisible();
  expect(problems).toEqual([]);
});
