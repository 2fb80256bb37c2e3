// Every screen at 800x600, light and dark, for a person to look at (out/screens/*.png). Also checks
// that nothing overflows sideways at that size.
import { test, expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startService, type RunningService } from '../../main/headless/server.ts';
import { baseStatus, createFakeEngine, makeOrders, WRONG_SECRET } from './fake-engine.ts';
import { yearsAhead } from '../support/future-date.ts';

const OUT = resolve('out/screens');
let service: RunningService;

test.afterEach(async ({ page }) => {
  await page.close();
  await service?.close();
});

async function shoot(page: Page, name: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${name} overflows sideways`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: resolve(OUT, `${name}.png`) });
}

for (const scheme of ['light', 'dark'] as const) {
  test(`screens at 800x600, ${scheme}`, async ({ page }) => {
    mkdirSync(OUT, { recursive: true });
    await page.setViewportSize({ width: 800, height: 600 });
    await page.emulateMedia({ colorScheme: scheme });
    const engine = createFakeEngine({ orders: makeOrders(5000) });
    service = await startService({ rendererDir: resolve('out/renderer'), handlers: engine.handlers, subscribe: engine.subscribe });
    await page.goto(service.url);
    await expect(page.locator('#connection-title')).toHaveText('Connected');
    await shoot(page, `dashboard-${scheme}`);

    engine.emit('status', baseStatus({ connection: { kind: 'secret-rejected', description: 'invalid_client' }, secret: { expiresOn: '2026-11-27', daysLeft: -1, reminder: { threshold: 0, due: true, snoozedUntil: null } } }));
    await expect(page.locator('#connection-title')).toHaveText('Client ID or secret rejected');
    await shoot(page, `dashboard-error-${scheme}`);
    engine.emit('status', baseStatus({ connection: { kind: 'credentials-rejected', description: 'invalid_grant: the user name or password is incorrect' }, secret: { expiresOn: '2027-06-30', daysLeft: 210, reminder: null } }));
    await expect(page.getByRole('heading', { name: 'Why Acumatica refuses the sign-in' })).toBeVisible();
    await shoot(page, `dashboard-credentials-rejected-${scheme}`);
    await page.getByRole('button', { name: 'Update password' }).scrollIntoViewIfNeeded();
    await shoot(page, `dashboard-update-password-${scheme}`);
    engine.emit('status', baseStatus());

    await page.getByRole('button', { name: 'Rotate now' }).click();
    await expect(page.getByRole('heading', { name: /^Step 1 of 4/ })).toBeVisible();
    await shoot(page, `rotate-1-add-${scheme}`);
    await page.getByRole('button', { name: 'I have copied the new value' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.locator('#newSecret-error')).toBeVisible();
    await shoot(page, `rotate-2-enter-errors-${scheme}`);
    await page.getByLabel('New Client Secret').fill(WRONG_SECRET);
    await page.getByLabel('Expires On (UTC)').fill(yearsAhead(2, '06-30'));
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Verify and switch' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Not switched' })).toBeVisible();
    await shoot(page, `rotate-3-refused-${scheme}`);
    await page.getByRole('button', { name: 'Enter the value again' }).click();
    await page.getByLabel('New Client Secret').fill('good-secret');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Verify and switch' }).click();
    await page.getByRole('button', { name: 'Check connection' }).click();
    await expect(page.locator('.preflight-summary')).toContainText('the connection works on the new secret');
    await shoot(page, `rotate-4-done-${scheme}`);
    engine.emit('status', baseStatus({ secret: { expiresOn: '2026-12-01', daysLeft: 2, reminder: { threshold: 3, due: true, snoozedUntil: null } } }));

    await page.getByRole('button', { name: 'Deliveries' }).click();
    await expect(page.getByRole('heading', { name: 'Parked deliveries (2)' })).toBeVisible();
    await shoot(page, `deliveries-${scheme}`);

    await page.getByRole('button', { name: 'Orders' }).click();
    await expect(page.getByText('1,000 of 5,000 loaded')).toBeVisible();
    await shoot(page, `orders-${scheme}`);
    await page.locator('.grid-body [role=row]').nth(2).click();
    await expect(page.getByRole('dialog')).toContainText('Timeline');
    await shoot(page, `order-drawer-${scheme}`);
    await page.getByRole('dialog').getByLabel('Weight (optional)').fill('heavy');
    await page.getByRole('button', { name: 'Queue tracking number' }).click();
    await page.locator('.tracking-form').scrollIntoViewIfNeeded();
    await shoot(page, `order-drawer-tracking-${scheme}`);
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Activity' }).click();
    await expect(page.getByRole('list', { name: 'Activity, newest first' }).getByRole('listitem')).toHaveCount(40);
    await shoot(page, `activity-${scheme}`);

    await page.getByRole('button', { name: 'Setup' }).click();
    await expect(page.getByLabel('Instance URL')).toHaveValue('https://erp.example.com/AcumaticaERP');
    await shoot(page, `setup-${scheme}`);
    await page.getByRole('button', { name: 'Replace' }).first().click();
    await page.getByLabel('New Client Secret').fill('rotated');
    await page.getByLabel('Username').fill('readonly');
    await page.getByLabel('Client ID').fill('03539A80-9BBD-231F-0435-7FBC92E9CD3F');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.locator('#clientId-error')).toBeVisible();
    await shoot(page, `setup-errors-${scheme}`);
    await page.getByLabel('Client ID').fill('03539A80-9BBD-231F-0435-7FBC92E9CD3F@MyCompany');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.locator('[data-check="shipments-write"]')).toContainText('Failed');
    await page.getByRole('button', { name: 'Save without a passing test…' }).click();
    await page.locator('.preflight').scrollIntoViewIfNeeded();
    await shoot(page, `setup-preflight-${scheme}`);
    await page.getByRole('button', { name: 'Save anyway' }).scrollIntoViewIfNeeded();
    await shoot(page, `setup-save-anyway-${scheme}`);
  });

  test(`no connector, ${scheme}`, async ({ page }) => {
    mkdirSync(OUT, { recursive: true });
    await page.setViewportSize({ width: 800, height: 600 });
    await page.emulateMedia({ colorScheme: scheme });
    const engine = createFakeEngine();
    service = await startService({ rendererDir: resolve('out/renderer'), handlers: engine.handlers, subscribe: engine.subscribe });
    await page.goto(`${service.origin}/`);
    await expect(page.getByRole('heading', { name: 'Not connected to the connector' })).toBeVisible();
    await shoot(page, `unavailable-${scheme}`);
  });
}
