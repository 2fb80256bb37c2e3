import { expect, test } from '@playwright/test';
import { cannotRun, invoke, launchConnector, skipReason } from './launch-connector.ts';

test.skip(cannotRun, skipReason);

test('a first launch opens the setup screen in a locked-down window', async () => {
  const connector = await launchConnector();
  try {
    const page = connector.window;
    // Served from the app's own scheme, not file://, and the module script and stylesheet load
    // under the CSP: the React page renders.
    await expect(page).toHaveURL('app://dropstream/index.html#/setup');
    await expect(page.getByRole('heading', { name: 'Setup', exact: true })).toBeVisible();
    expect(await page.evaluate(() => location.origin)).toBe('app://dropstream');
    const exposure = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      connector: Object.keys((globalThis as unknown as { connector: object }).connector).sort(),
    }));
    expect(exposure).toEqual({ require: 'undefined', process: 'undefined', connector: ['invoke', 'on'] });
    await expect(invoke(page, 'getStatus')).resolves.toMatchObject({ ok: true, value: { connection: { kind: 'not-configured' } } });
    await expect(invoke(page, 'pause', { minutes: 'forever' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid-request', field: 'minutes' } });
    const popup = await page.evaluate(() => globalThis.open('https://example.com/') === null);
    expect(popup).toBe(true);
  } finally {
    await connector.close();
  }
});
