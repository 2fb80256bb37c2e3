// An open dashboard whose service stops, comes back, or is restarted (a new launch token): the page
// says that what it shows may be out of date, instead of showing the last status as current, and
// catches up by itself when the same service answers again. Real service, in-memory engine, Chromium.
import { test, expect } from '@playwright/test';
import { resolve } from 'node:path';
import { startService, type RunningService } from '../../main/headless/server.ts';
import { baseStatus, createFakeEngine, type FakeEngine } from './fake-engine.ts';

let service: RunningService | null = null;

function start(engine: FakeEngine, port: number, token: string) {
  return startService({ rendererDir: resolve('out/renderer'), handlers: engine.handlers, subscribe: engine.subscribe, port, token });
}

test.afterEach(async ({ page }) => {
  await page.close();
  await service?.close();
});

test('the page says when the service went away, catches up when it is back, and says when it was restarted', async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  service = await start(createFakeEngine(), 0, 'first-launch-token');
  const { port } = service;
  await page.goto(service.url);
  await expect(page.locator('#connection-title')).toHaveText('Connected');
  const notice = page.getByRole('alert').filter({ hasText: 'connector service' });
  await expect(notice).toHaveCount(0);

  await service.close();
  service = null;
  await expect(notice).toContainText('No live updates from the connector service');
  await expect(notice).toContainText('may be out of date');

  // The same service answers again (its stream was cut, say), and its state moved on meanwhile.
  service = await start(createFakeEngine({ status: baseStatus({ connection: { kind: 'paused', until: null } }) }), port, 'first-launch-token');
  await expect(notice).toHaveCount(0, { timeout: 10_000 });
  await expect(page.locator('#connection-title')).toHaveText('Paused');

  // Restarted: a new launch token, which this page does not have.
  await service.close();
  service = await start(createFakeEngine(), port, 'second-launch-token');
  await expect(notice).toContainText('was restarted or stopped', { timeout: 10_000 });
  await expect(notice).toContainText('open the address it printed when it started');
  expect(problems).toEqual([]);
});
