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
    expect(destinationFromHash('#/activity')).toBe('activity');
    expect(destinationFromHash('#setup')).toBe('setup');
    expect(destinationFromHash('#/rotate-secret')).toBe('rotate-secret');
    expect(destinationFromHash('#/orders')).toBe('orders');
    expect(destinationFromHash('#/deliveries/')).toBe('deliveries');
    expect(destinationFromHash('')).toBeNull();
    expect(destinationFromHash('#/nowhere')).toBeNull();
  });

  it('opens the screen the hash names', async () => {
    const fake = connector();
    render(<App choice={{ kind: 'electron', api: fake.api }} initialHash="#/activity" />);
    await screen.findByRole('list', { name: 'Activity, newest first' });
    expect(current()).toBe('Activity');
  });

  it('#/rotate-secret opens the rotation wizard at its first step, outside the tab bar', async () => {
    const fake = connector();
    render(<App choice={{ kind: 'electron', api: fake.api }} initialHash="#/rotate-secret" />);
    await screen.findByRole('heading', { name: 'Rotate the client secret' });
    expect(current()).toBeUndefined();
    expect(screen.getByRole('heading', { name: /^Step 1 of 4/ })).toBeTruthy();
  });

  it('an unknown hash is ignored: the first run still opens Setup', async () => {
    const fake = connector(makeStatus({ connection: { kind: 'not-configured' } }));
    render(<App choice={{ kind: 'headless', api: fake.api, watchLink: () => () => {} }} initialHash="#/nowhere" />);
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

    // Rotate from the tray while the wizard is half done: it starts again at step 1.
    act(() => fake.emit('navigate', { screen: 'rotate-secret' }));
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'I have copied the new value' }));
    await screen.findByLabelText('New Client Secret');
    act(() => fake.emit('navigate', { screen: 'rotate-secret' }));
    await waitFor(() => expect(document.activeElement?.textContent).toBe('Rotate the client secret'));
    expect(screen.getByRole('heading', { name: /^Step 1 of 4/ })).toBeTruthy();
    expect(screen.queryByLabelText('New Client Secret')).toBeNull();

    act(() => fake.emit('navigate', { screen: 'dashboard' }));
    expect(current()).toBe('Dashboard');
  });
});
