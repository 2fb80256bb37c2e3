// Mistakes an operator makes in the forms, on the real headless service and engine against the
// Acumatica simulator in Chromium: what the engine refuses must show on the field it names, even
// when that field sits in a collapsed section.
import { test, expect } from '@playwright/test';
import { fillSetup, watch, realEngineSuite } from './real-harness.ts';

const suite = realEngineSuite({ orders: 20, virtualDirectory: '/AcumaticaERP' });
const problems: string[] = [];

test('a CA file the engine cannot read opens Advanced and puts the focus on that field', async ({ page }) => {
  const running = await suite.start();
  watch(page, problems);
  await page.goto(running.service.url);
  await fillSetup(page, suite.sim);
  await page.getByText('Advanced').click();
  await page.getByLabel('Extra CA certificate file (optional)').fill('/nonexistent/company-ca.pem');
  // The operator folds Advanced away again before testing.
  await page.getByText('Advanced').click();
  await expect(page.getByLabel('Extra CA certificate file (optional)')).toBeHidden();

  await page.getByRole('button', { name: 'Test connection' }).click();
  const caFile = page.getByLabel('Extra CA certificate file (optional)');
  await expect(page.locator('#caFile-error')).toBeVisible();
  await expect(page.locator('#caFile-error')).toContainText('/nonexistent/company-ca.pem');
  await expect(caFile).toBeFocused();
  await expect(caFile).toHaveAttribute('aria-invalid', 'true');
});

test('an Instance URL with spaces in it is refused in the browser as in the engine, not shown as %20', async ({ page }) => {
  const running = await suite.start();
  watch(page, problems);
  await page.goto(running.service.url);
  const instanceUrl = page.getByLabel('Instance URL');
  // Chromium's URL parser takes this as the host "erp%20example%20com"; Node's refuses it.
  await instanceUrl.fill('erp example com');
  await page.getByLabel('Client ID').focus();
  await expect(page.locator('#instanceUrl-error')).toHaveText(/"erp example com" is not a web address/);
  await expect(page.locator('#instanceUrl-normalised')).toHaveCount(0);
  await instanceUrl.fill(' https://erp.example.com/AcumaticaERP/ ');
  await expect(page.locator('#instanceUrl-error')).toHaveCount(0);
  await expect(page.locator('#instanceUrl-normalised')).toHaveText('The connector will use https://erp.example.com/AcumaticaERP');
  expect(problems).toEqual([]);
});
