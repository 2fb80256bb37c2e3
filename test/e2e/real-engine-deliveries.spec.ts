// Deliveries set up from the app, end to end: the real headless service and engine against the
// simulator, a signature-checking webhook receiver, and Chromium. The destinations and the webhook
// secrets are entered in the Deliveries tab; the next imported order reaches the receiver signed
// with them, and no secret ever comes back over the API.
import { test, expect, type Page } from '@playwright/test';
import { startWebhookSink, type WebhookSink } from '../../scripts/quality/webhook-sink.ts';
import { realEngineSuite, setUpThroughForm, shot, syncNowFromDashboard, watch } from './real-harness.ts';

const API_KEY = 'e2e-api-key-4f1c9a';
const SIGNING_SECRET = 'e2e-signing-secret-77b20e';

const suite = realEngineSuite({ orders: 40 });
let sink: WebhookSink;
const problems: string[] = [];

test.beforeAll(async () => {
  sink = await startWebhookSink({ apiKey: API_KEY, signingSecret: SIGNING_SECRET });
});
test.afterAll(async () => {
  await sink?.close();
});

/** Every /api answer body the page receives. */
function recordApiAnswers(page: Page): string[] {
  const bodies: string[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/api/') && !response.url().includes('/api/events')) void response.text().then((text) => bodies.push(text), () => undefined);
  });
  return bodies;
}

test('destinations and webhook secrets entered in the Deliveries tab carry the next order to the receiver, signed', async ({ page }) => {
  watch(page, problems);
  const running = await suite.start();
  const answers = recordApiAnswers(page);
  await page.goto(running.service.url);
  await setUpThroughForm(page, suite.sim);

  await page.getByRole('button', { name: 'Deliveries' }).click();
  await expect(page.getByText('API key and signing secret: not stored: the webhook cannot be sent until they are')).toBeVisible();
  await page.getByLabel('Webhook URL').fill(sink.url);
  await page.getByRole('button', { name: 'Save destinations' }).click();
  await expect(page.getByText('Saved. Orders imported from now on go to these destinations.')).toBeVisible();
  await page.getByLabel('API key').fill(API_KEY);
  await page.getByLabel('Signing secret').fill(SIGNING_SECRET);
  await page.getByRole('button', { name: 'Store webhook secrets' }).click();
  await expect(page.getByText('API key and signing secret: both stored (encrypted)')).toBeVisible();

  const created = suite.sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
  await syncNowFromDashboard(page);
  await expect.poll(() => [...sink.accepted.keys()].some((key) => key.includes(created.orderNbr)), { timeout: 15_000 }).toBe(true);
  expect(sink.stats().rejected).toBe(0);
  expect(running.engine.connector.settings.get('destinations')).toMatchObject({ webhook: { url: sink.url } });

  // The secrets went in; none came back out.
  expect(answers.length).toBeGreaterThan(5);
  for (const body of answers) {
    expect(body).not.toContain(API_KEY);
    expect(body).not.toContain(SIGNING_SECRET);
  }
  expect(problems).toEqual([]);
});

test('turning a destination off says that what it was still owed is dropped unsent, and that orders now go nowhere', async ({ page }) => {
  watch(page, problems);
  const running = await suite.start();
  await page.goto(running.service.url);
  await setUpThroughForm(page, suite.sim);
  await page.getByRole('button', { name: 'Deliveries' }).click();
  await page.getByLabel('Webhook URL').fill(sink.url);
  await page.getByRole('button', { name: 'Save destinations' }).click();
  await expect(page.getByText('Saved. Orders imported from now on go to these destinations.')).toBeVisible();

  await page.getByLabel('Webhook URL').fill('');
  await page.getByRole('button', { name: 'Save destinations' }).click();
  await expect(page.getByText('Saved. No destination is set: orders are still imported, but go nowhere. Any deliveries still owed to the webhook are dropped unsent at the next sync.')).toBeVisible();
  expect(running.engine.connector.settings.get('destinations')).toEqual({ webhook: null, folder: null });
  expect(problems).toEqual([]);
});

test('deliveries dropped because their destination was removed are counted on the Deliveries tab, with the reason', async ({ page }) => {
  watch(page, problems);
  const running = await suite.start();
  await page.goto(running.service.url);
  await setUpThroughForm(page, suite.sim);

  // A webhook nobody answers: what is imported from now on waits for it as pending.
  await page.getByRole('button', { name: 'Deliveries' }).click();
  await page.getByLabel('Webhook URL').fill('http://127.0.0.1:9/unanswered');
  await page.getByRole('button', { name: 'Save destinations' }).click();
  await expect(page.getByText(/^Saved\./)).toBeVisible();
  suite.sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
  await syncNowFromDashboard(page);
  await expect.poll(() => running.engine.connector.ledger.outbox.countByStatus().pending, { timeout: 15_000 }).toBeGreaterThan(0);
  const owed = running.engine.connector.ledger.outbox.countByStatus().pending;

  await page.getByRole('button', { name: 'Deliveries' }).click();
  await page.getByLabel('Webhook URL').fill('');
  await page.getByRole('button', { name: 'Save destinations' }).click();
  await expect(page.getByText(/^Saved\./)).toBeVisible();
  await syncNowFromDashboard(page);
  await expect.poll(() => running.engine.connector.ledger.outbox.countByStatus().dropped, { timeout: 15_000 }).toBe(owed);

  // The pending count fell to 0; the tab must not let that read as "all delivered".
  await page.getByRole('button', { name: 'Deliveries' }).click();
  await expect(page.locator('.stat', { hasText: 'Pending deliveries' }).locator('dd')).toHaveText('0');
  await expect(page.locator('.stat', { hasText: 'Dropped unsent' }).locator('dd')).toHaveText(String(owed));
  const panel = page.getByRole('region', { name: /Dropped deliveries/ });
  await expect(panel).toContainText(`${owed} to the webhook`);
  await expect(panel).toContainText('the webhook destination was removed from the settings');
  await expect(page.getByText(/every delivery went out/)).toHaveCount(0);
  await shot(page, 'dropped-deliveries', panel);
  expect(problems).toEqual([]);
});
