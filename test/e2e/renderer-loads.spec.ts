import { test, expect } from '@playwright/test';
import { resolve } from 'node:path';
import { serveDirectory } from '../support/static-server.ts';

test('the built renderer loads in Chromium under its CSP without errors', async ({ page }) => {
  const server = await serveDirectory(resolve('out/renderer'));
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  try {
    await page.goto(server.url);
    await expect(page.getByRole('heading', { name: 'DropStream Connector' })).toBeVisible();
    // Served on its own there is no bridge and no launch token: the page says what to open instead.
    await expect(page.getByRole('heading', { name: 'Not connected to the connector' })).toBeVisible();
    await expect(page.getByText('?token=…')).toBeVisible();
    expect(problems).toEqual([]);
  } finally {
    await server.close();
  }
});
