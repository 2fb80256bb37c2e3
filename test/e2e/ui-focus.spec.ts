// Where the keyboard focus lands after an action that answers later (a connection test, a save),
// in Chromium against the real headless service with an in-memory engine. jsdom runs React's
// render and a 0 ms timer in another order than a browser does, so these are browser tests.
import { test, expect, type Page } from '@playwright/test';
import { resolve } from 'node:path';
import { startService, type RunningService } from '../../main/headless/server.ts';
import { createFakeEngine } from './fake-engine.ts';
import { yearsAhead } from '../support/future-date.ts';

let service: RunningService;

test.beforeEach(async () => {
  const engine = createFakeEngine();
  service = await startService({ rendererDir: resolve('out/renderer'), handlers: engine.handlers, subscribe: engine.subscribe });
});

test.afterEach(async ({ page }) => {
  await page.close();
  await service?.close();
});

async function openSetup(page: Page) {
  await page.goto(service.url);
  await page.getByRole('button', { name: 'Setup' }).click();
  await expect(page.getByLabel('Instance URL')).toHaveValue('https://erp.example.com/AcumaticaERP');
}

test('Test connection by keyboard puts the focus on the results, each time it is run', async ({ page }) => {
  await openSetup(page);
  for (let run = 0; run < 2; run += 1) {
    await page.getByRole('button', { name: 'Test connection' }).focus();
    await page.keyboard.press('Enter');
    await expect(page.locator('.preflight-summary')).toContainText('All checks passed');
    await expect(page.getByRole('region', { name: 'Connection test' })).toBeFocused();
  }
});

test('Save in Setup lands on the dashboard with the focus on its heading', async ({ page }) => {
  await openSetup(page);
  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#connection-title')).toHaveText('Connecting…');
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeFocused();
});

test('rotation: Check connection focuses its results; Back to the dashboard focuses the dashboard', async ({ page }) => {
  await page.goto(service.url);
  await page.getByRole('button', { name: 'Rotate now' }).click();
  await page.getByRole('button', { name: 'I have copied the new value' }).click();
  await page.getByLabel('New Client Secret').fill('the-new-shared-secret');
  await page.getByLabel('Expires On (UTC)').fill(yearsAhead(2, '06-30'));
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Verify and switch' }).click();
  await page.getByRole('button', { name: 'Check connection' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.preflight-summary')).toContainText('All checks passed: the connection works on the new secret.');
  await expect(page.getByRole('region', { name: 'Connection test' })).toBeFocused();
  await page.getByRole('button', { name: 'Back to the dashboard' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeFocused();
});

test('Pause, Resume and Sync now by keyboard keep the focus on the dashboard', async ({ page }) => {
  await page.goto(service.url);
  await expect(page.locator('#connection-title')).toHaveText('Connected');
  await page.getByRole('button', { name: 'Pause until resumed' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('#connection-title')).toHaveText('Paused');
  // The Pause buttons are gone; Resume is where the keyboard goes on.
  await expect(page.getByRole('button', { name: 'Resume' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#connection-title')).toHaveText('Connected');
  await expect(page.getByRole('button', { name: 'Sync now' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#connection-title')).toHaveText('Syncing…');
  // Sync now is disabled while the sync runs; the focus stays among the sync controls.
  await expect(page.getByRole('button', { name: 'Pause 1 hour' })).toBeFocused();
});

test('Remind me tomorrow by keyboard hands the focus to the screen it hid the reminder above', async ({ page }) => {
  await page.goto(service.url);
  await page.getByRole('button', { name: 'Orders' }).click();
  await page.getByRole('button', { name: 'Remind me tomorrow' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.banner')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Orders' })).toBeFocused();
});
