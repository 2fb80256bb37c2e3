// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { settingDefaults, type ConnectorStatus } from '../../../preload/api.ts';
import { App } from '../../../renderer/src/App.tsx';
import { reminderText } from '../../../renderer/src/reminder/SecretBanner.tsx';
import { fakeConnector, makeStatus } from './fake-transport.ts';
import { fakeLayout } from './render-helpers.tsx';

let restoreLayout: () => void;
beforeEach(() => {
  restoreLayout = fakeLayout(600);
});
afterEach(() => restoreLayout());

const due = (daysLeft: number, expiresOn = '2026-12-20'): ConnectorStatus['secret'] => ({ expiresOn, daysLeft, reminder: { threshold: 14, due: true, snoozedUntil: null } });

function app(secret: ConnectorStatus['secret']) {
  const fake = fakeConnector({
    getStatus: () => makeStatus({ secret }),
    getSettings: () => ({ ...settingDefaults, instanceUrl: 'https://erp.example.com', clientId: '03539A80-9BBD-231F-0435-7FBC92E9CD3F@MyCompany', username: 'dropstream' }),
    listOrders: () => ({ orders: [], total: 0 }),
    listActivity: () => [],
    listDeliveries: () => [],
    listTracking: () => [],
    snoozeSecretReminder: () => makeStatus({ secret: { ...secret, reminder: { threshold: 14, due: false, snoozedUntil: new Date(Date.now() + 86_400_000).toISOString() } } }),
  });
  render(<App choice={{ kind: 'electron', api: fake.api }} />);
  return { fake, user: userEvent.setup() };
}

const banner = () => document.querySelector<HTMLElement>('.banner');

describe('secret expiry banner', () => {
  it('words the countdown, today and expired', () => {
    const date = new Date('2026-12-20T00:00:00Z').toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
    expect(reminderText(due(12))).toBe(`Client secret expires in 12 days (on ${date})`);
    expect(reminderText(due(1))).toBe(`Client secret expires in 1 day (on ${date})`);
    expect(reminderText(due(0))).toBe(`Client secret expires today (${date})`);
    expect(reminderText(due(-2))).toBe(`Client secret expired on ${date}`);
  });

  it('shows on every screen while due, warning tone until 3 days', async () => {
    const { user } = app(due(12));
    await waitFor(() => expect(banner()?.textContent).toMatch(/expires in 12 days/));
    expect(banner()?.dataset.urgent).toBe('false');
    expect(banner()?.querySelector('[role=status]')?.textContent).toMatch(/Rotate it before then/);
    for (const tab of ['Orders', 'Deliveries', 'Activity', 'Setup']) {
      await user.click(screen.getByRole('button', { name: tab }));
      expect(banner()).toBeTruthy();
    }
    // The dashboard's countdown stays.
    await user.click(screen.getByRole('button', { name: 'Dashboard' }));
    expect(screen.getByText('Shared secret').nextElementSibling?.textContent).toMatch(/^12 days left/);
  });

  it('is red, and an alert, from 3 days and once expired', async () => {
    app(due(3));
    await waitFor(() => expect(banner()?.dataset.urgent).toBe('true'));
    expect(screen.getByRole('alert').textContent).toMatch(/expires in 3 days/);
  });

  it('says when it has expired', async () => {
    app(due(-1));
    await waitFor(() => expect(banner()?.textContent).toMatch(/expired on .*imports and tracking writeback have stopped/));
    expect(banner()?.classList.contains('banner-error')).toBe(true);
  });

  it('is not shown when no reminder is due, or the secret never expires', async () => {
    app({ expiresOn: '2026-12-20', daysLeft: 20, reminder: { threshold: 30, due: false, snoozedUntil: new Date().toISOString() } });
    await waitFor(() => expect(document.getElementById('connection-title')?.textContent).toBe('Connected'));
    expect(banner()).toBeNull();
  });

  it('Remind me tomorrow snoozes it; Rotate now opens the wizard', async () => {
    const { fake, user } = app(due(7));
    await user.click(await screen.findByRole('button', { name: 'Rotate now' }));
    expect(await screen.findByRole('heading', { name: 'Rotate the client secret' })).toBeTruthy();
    // On the wizard itself the banner stays, without a button to open what is already open.
    expect(screen.queryByRole('button', { name: 'Rotate now' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Remind me tomorrow' }));
    await waitFor(() => expect(banner()).toBeNull());
    expect(fake.callsOf('snoozeSecretReminder')).toHaveLength(1);
  });
});
