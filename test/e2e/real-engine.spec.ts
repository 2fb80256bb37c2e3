// Issue 6's acceptance tests: the real headless service on the real engine (ledger, vault, sync,
// preflight) against the Acumatica simulator, driven through the UI in Chromium. Nothing is faked
// between the browser and the simulator's HTTP API.
import { test, expect, type Page } from '@playwright/test';
import { fillSetup as fillWith, realEngineSuite, shot, syncNowFromDashboard, testConnection, watch as watchInto } from './real-harness.ts';

const suite = realEngineSuite({ orders: 200, virtualDirectory: '/AcumaticaERP' });
const problems: string[] = [];

const watch = (page: Page) => watchInto(page, problems);
const fillSetup = (page: Page, override: { clientSecret?: string; password?: string } = {}) => fillWith(page, suite.sim, override);
const rows = (page: Page) => page.locator('.grid-body [role=row]');

test('first run through the form, then orders arrive live, filter, and open in the drawer', async ({ page }) => {
  const { service } = await suite.start();
  watch(page);

  // A fresh ledger answers getSettings (the form's prefill) with the defaults, not an error.
  const settings = await page.request.post(`${service.origin}/api/getSettings`, {
    headers: { authorization: `Bearer ${service.token}`, 'content-type': 'application/json' },
    data: null,
  });
  expect(await settings.json()).toMatchObject({ ok: true, value: { instanceUrl: '', orderTypes: ['SO'] } });

  await page.goto(service.url);
  await expect(page.getByRole('heading', { name: 'Setup' })).toBeVisible();
  await fillSetup(page);
  await testConnection(page);
  await expect(page.locator('.preflight-summary')).toContainText('All checks passed.');
  for (const check of await page.locator('.preflight-checks > li').all()) await expect(check).toContainText('Passed');
  await shot(page, 'setup-test-passed', page.locator('.preflight'));

  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.locator('#connection-title')).toHaveText('Connected', { timeout: 15_000 });
  const ordersTotal = page.locator('.stat', { hasText: 'Orders in total' }).locator('dd');
  await expect(ordersTotal).not.toHaveText('0', { timeout: 15_000 });
  const imported = Number((await ordersTotal.innerText()).replace(/\D/g, ''));
  expect(imported).toBeGreaterThan(0);
  await shot(page, 'dashboard-connected');

  // The secrets are write-only now: Setup says they are stored and offers Replace, never a value.
  await page.getByRole('button', { name: 'Setup' }).click();
  await expect(page.getByText('Stored', { exact: true })).toHaveCount(2);
  await expect(page.locator('input[type=password]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Replace' })).toHaveCount(2);
  await shot(page, 'setup-secrets-stored');

  // Open the order log once so it is streaming, then create an order in Acumatica and sync.
  await page.getByRole('button', { name: 'Orders' }).click();
  await expect(rows(page).first()).toBeVisible();
  const created = suite.sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
  const createdAt = Date.now();
  await syncNowFromDashboard(page);
  await page.getByRole('button', { name: 'Orders' }).click();
  const newRow = rows(page).filter({ hasText: created.orderNbr });
  await expect(newRow).toBeVisible({ timeout: 5_000 });
  const creationToRowMs = Date.now() - createdAt;
  test.info().annotations.push({ type: 'creation-to-row-ms', description: String(creationToRowMs) });
  console.log(`creation to row on screen: ${creationToRowMs} ms (order ${created.orderNbr})`);
  await expect(rows(page).first()).toContainText(created.orderNbr);
  await shot(page, 'orders-live-row');

  // An imported order is followed through later statuses: put it on hold to have two statuses.
  suite.sim.admin.setOrderStatus('SO', created.orderNbr, 'On Hold');
  await syncNowFromDashboard(page);
  await page.getByRole('button', { name: 'Orders' }).click();
  await expect(newRow).toContainText('On Hold', { timeout: 5_000 });

  const loaded = await rows(page).count();
  expect(loaded).toBeGreaterThan(1);
  await page.getByLabel('Find').fill(created.orderNbr);
  await expect(page.locator('.filter-count')).toHaveText(/^1 match of /);
  await expect(rows(page)).toHaveCount(1);
  await page.getByLabel('Find').fill('');
  await page.getByLabel('Status').selectOption('On Hold');
  await expect(page.locator('.filter-count')).toHaveText(/^1 match of /);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(created.orderNbr);
  await shot(page, 'orders-filtered');
  await page.getByLabel('Status').selectOption('Open');
  await expect(rows(page).filter({ hasText: 'On Hold' })).toHaveCount(0);
  expect(await rows(page).count()).toBeGreaterThan(0);
  await page.getByLabel('Status').selectOption('');
  await expect(rows(page)).toHaveCount(loaded);

  // The drawer: lines, ship-to and the timeline of the order just created; Escape closes it.
  await page.getByLabel('Find').fill(created.orderNbr);
  await rows(page).first().click();
  const drawer = page.getByRole('dialog');
  await expect(drawer).toContainText(`Order SO ${created.orderNbr}`);
  await expect(drawer.getByRole('heading', { name: `Lines (${created.lines.length})` })).toBeVisible();
  await expect(drawer.locator('table.lines tbody tr')).toHaveCount(created.lines.length);
  await expect(drawer.getByRole('heading', { name: 'Ship to' })).toBeVisible();
  if (created.shipTo.city) await expect(drawer.locator('.ship-to')).toContainText(created.shipTo.city);
  await expect(drawer.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  expect(await drawer.locator('.timeline li').count()).toBeGreaterThan(0);
  await shot(page, 'order-drawer');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);

  expect(problems).toEqual([]);
});

test('each failed preflight check shows its fix: wrong secret, wrong password, no Shipments write', async ({ page }) => {
  const { service } = await suite.start();
  watch(page);
  await page.goto(service.url);
  await expect(page.getByRole('heading', { name: 'Setup' })).toBeVisible();

  await fillSetup(page, { clientSecret: 'not-the-shared-secret' });
  await testConnection(page);
  const secretCheck = page.locator('[data-check="client-credentials"]');
  await expect(secretCheck).toContainText('Failed');
  await expect(secretCheck).toContainText('How to fix: Copy the Client ID whole');
  await expect(secretCheck).toContainText('add a new Shared Secret');
  await shot(page, 'preflight-wrong-secret', secretCheck);

  await page.getByLabel('Client Secret').fill(suite.sim.credentials.clientSecret);
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await testConnection(page);
  const userCheck = page.locator('[data-check="user-credentials"]');
  await expect(userCheck).toContainText('Failed');
  await expect(userCheck).toContainText('Password');
  await expect(userCheck).toContainText('locked out');
  await shot(page, 'preflight-wrong-password', userCheck);

  suite.sim.admin.setRights(suite.sim.credentials.username, { Shipment: 'read' });
  await page.getByLabel('Password', { exact: true }).fill(suite.sim.credentials.password);
  await testConnection(page);
  const writeCheck = page.locator('[data-check="shipments-write"]');
  await expect(writeCheck).toContainText('Failed');
  await expect(writeCheck).toContainText('Shipments: write');
  await expect(writeCheck).toContainText('SO302000');
  await expect(page.locator('[data-check="shipments-read"]')).toContainText('Passed');
  await expect(page.locator('[data-check="user-credentials"]')).toContainText('Passed');
  await expect(page.getByRole('button', { name: 'Save', exact: true })).toHaveCount(0);
  await shot(page, 'preflight-no-shipments-write', writeCheck);

  expect(problems).toEqual([]);
});
