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
    expect(problems).toEqual([]);
  } finally {
    await server.close();
  }
});
