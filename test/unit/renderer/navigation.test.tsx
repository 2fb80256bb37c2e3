// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { settingDefaults } from '../../../preload/api.ts';
import { App } from '../../../renderer/src/App.tsx';
import { destinationFromHash } from '../../../renderer/src/navigation.ts';
import { fakeConnector, makeStatus } from './fake-transport.ts';
import { fakeLayout } from './render-helpers.tsx';

let restoreLayout: () => void;
beforeEach(() => {
  restoreLayout = fakeLayout(600);
});
afterEach(() => restoreLayout());

function connector(status = makeStatus({ storedSecrets: { clientSecret: true, password: true } })) {
  return fakeConnector({
    getStatus: () => status,
    getSettings: () => ({ ...settingDefaults, instanceUrl: 'https://erp.example.com', clientId: '03539A80-9BBD-231F-0435-7FBC92E9CD3F@MyCompany', username: 'dropstream' }),
    listOrders: () => ({ orders: [], total: 0 }),
    listActivity: () => [],
  });
}

const current = () => screen.getAllByRole('button').find((button) => button.getAttribute('aria-current') === 'page')?.textContent;

describe('navigation from the shell', () => {
  it('reads the screen from the hash a window was opened with', () => {
    expect(destinationFromHash('#/activity')).toEqual({ screen: 'activity', replaceSecret: false });
    expect(destinationFromHash('#setup')).toEqual({ screen: 'setup', replaceSecret: false });
    expect(destinationFromHash('#/rotate-secret')).toEqual({ screen: 'setup', replaceSecret: true });
    expect(destinationFromHash('#/orders')).toEqual({ screen: 'orders', replaceSecret: false });
    expect(destinationFromHash('')).toBeNull();
    expect(destinationFromHash('#/nowhere')).toBeNull();
  });

  it('opens the screen the hash names', async () => {
    const fake = connector();
    render(<App choice={{ kind: 'electron', api: fake.api }} initialHash="#/activity" />);
    await screen.findByRole('list', { name: 'Activity, newest first' });
    expect(current()).toBe('Activity');
  });

  it('#/rotate-secret opens Setup with the stored Client Secret ready to be replaced', async () => {
    const fake = connector();
    render(<App choice={{ kind: 'electron', api: fake.api }} initialHash="#/rotate-secret" />);
    const secret = await screen.findByLabelText('New Client Secret');
    expect(current()).toBe('Setup');
    await waitFor(() => expect(document.activeElement).toBe(secret));
    expect(document.getElementById('rotate-secret-note')?.textContent).toContain('new Shared Secret');
    // The password stays stored: only the secret is being rotated.
    expect(screen.getAllByText('Stored')).toHaveLength(1);
  });

  it('an unknown hash is ignored: the first run still opens Setup', async () => {
    const fake = connector(makeStatus({ connection: { kind: 'not-configured' } }));
    render(<App choice={{ kind: 'headless', api: fake.api }} initialHash="#/nowhere" />);
    await screen.findByRole('heading', { name: 'Setup' });
    expect(current()).toBe('Setup');
  });

  it('follows navigate events from the tray and notifications', async () => {
    const fake = connector();
    render(<App choice={{ kind: 'electron', api: fake.api }} />);
    await waitFor(() => expect(document.getElementById('connection-title')?.textContent).toBe('Connected'));
    expect(fake.listenerCount('navigate')).toBe(1);

    act(() => fake.emit('navigate', { screen: 'activity' }));
    expect(current()).toBe('Activity');
    act(() => fake.emit('navigate', { screen: 'setup' }));
    expect(current()).toBe('Setup');
    await waitFor(() => expect(screen.getAllByText('Stored')).toHaveLength(2));

    // Rotate while Setup is already open: the Client Secret switches to replace mode.
    act(() => fake.emit('navigate', { screen: 'rotate-secret' }));
    const secret = await screen.findByLabelText('New Client Secret');
    await waitFor(() => expect(document.activeElement).toBe(secret));

    // Keep stored, go elsewhere and back by hand: no leftover replace mode.
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Keep stored' }));
    await user.click(screen.getByRole('button', { name: 'Dashboard' }));
    await user.click(screen.getByRole('button', { name: 'Setup' }));
    await waitFor(() => expect(screen.getAllByText('Stored')).toHaveLength(2));

    act(() => fake.emit('navigate', { screen: 'dashboard' }));
    expect(current()).toBe('Dashboard');
  });
});
