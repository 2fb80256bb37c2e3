// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ActivityEntry } from '../../../preload/api.ts';
import { App } from '../../../renderer/src/App.tsx';
import { settingDefaults } from '../../../preload/api.ts';
import { fakeConnector, makeOrders, makeStatus } from './fake-transport.ts';
import { fakeLayout } from './render-helpers.tsx';

let restoreLayout: () => void;
beforeEach(() => {
  restoreLayout = fakeLayout(600);
});
afterEach(() => restoreLayout());

function entry(id: number, level: ActivityEntry['level'], message: string): ActivityEntry {
  return { id, at: new Date(Date.UTC(2026, 10, 28, 12, id)).toISOString(), level, kind: 'sync', message };
}

function connector(status = makeStatus()) {
  return fakeConnector({
    getStatus: () => status,
    getSettings: () => ({ ...settingDefaults, instanceUrl: 'https://erp.example.com', clientId: '03539A80-9BBD-231F-0435-7FBC92E9CD3F@MyCompany', username: 'dropstream' }),
    listOrders: ({ limit, offset }) => ({ orders: makeOrders(5).slice(offset, offset + limit), total: 5 }),
    // As the engine lists them: the newest of that level and above.
    listActivity: ({ minLevel }) => [entry(1, 'info', 'Imported 3 orders'), entry(2, 'error', 'Acumatica answered 500')].filter((e) => minLevel !== 'error' || e.level === 'error'),
    saveSetup: () => makeStatus({ connection: { kind: 'connecting' }, storedSecrets: { clientSecret: true, password: true } }),
  });
}

describe('app shell', () => {
  it('says clearly when there is no connector to talk to', () => {
    render(<App choice={{ kind: 'unavailable' }} />);
    expect(screen.getByRole('heading', { level: 1, name: 'DropStream Connector' })).toBeTruthy();
    expect(screen.getByRole('heading', { name: 'Not connected to the connector' })).toBeTruthy();
    expect(document.body.textContent).toMatch(/\?token=/);
  });

  it('opens Setup on the first run, and the dashboard after saving', async () => {
    const fake = connector(makeStatus({ connection: { kind: 'not-configured' } }));
    render(<App choice={{ kind: 'headless', api: fake.api, watchLink: () => () => {} }} />);
    await screen.findByRole('heading', { name: 'Setup' });
    expect(screen.getByRole('button', { name: 'Setup' }).getAttribute('aria-current')).toBe('page');
    const user = userEvent.setup();
    expect(((await screen.findByLabelText('Instance URL')) as HTMLInputElement).value).toBe('');
    await user.type(screen.getByLabelText('Instance URL'), 'https://erp.example.com');
    await user.type(screen.getByLabelText('Client ID'), '03539A80-9BBD-231F-0435-7FBC92E9CD3F@MyCompany');
    await user.type(screen.getByLabelText('Client Secret'), 'x');
    await user.type(screen.getByLabelText('Username'), 'dropstream');
    await user.type(screen.getByLabelText('Password'), 'y');
    await user.click(screen.getByLabelText('Never expires'));
    await user.click(screen.getByRole('button', { name: 'Save without a passing test…' }));
    await user.click(screen.getByRole('button', { name: 'Save anyway' }));
    await waitFor(() => expect(document.getElementById('connection-title')?.textContent).toBe('Connecting…'));
    expect(screen.getByRole('button', { name: 'Dashboard' }).getAttribute('aria-current')).toBe('page');
  });

  it('starts on the dashboard when configured, follows status events, and prefills Setup without secrets', async () => {
    const fake = connector(makeStatus({ storedSecrets: { clientSecret: true, password: true } }));
    render(<App choice={{ kind: 'electron', api: fake.api }} />);
    await waitFor(() => expect(document.getElementById('connection-title')?.textContent).toBe('Connected'));
    act(() => fake.emit('status', makeStatus({ connection: { kind: 'paused', until: null }, storedSecrets: { clientSecret: true, password: true } })));
    expect(document.getElementById('connection-title')?.textContent).toBe('Paused');
    expect(screen.getByLabelText('Connection: Paused')).toBeTruthy();
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Setup' }));
    await waitFor(() => expect((screen.getByLabelText('Instance URL') as HTMLInputElement).value).toBe('https://erp.example.com'));
    expect(screen.getAllByText('Stored')).toHaveLength(2);
  });

  it('shows the activity newest first, live, and filters by level', async () => {
    const fake = connector();
    render(<App choice={{ kind: 'electron', api: fake.api }} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Activity' }));
    const list = await screen.findByRole('list', { name: 'Activity, newest first' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(2));
    act(() => fake.emit('activity', [entry(3, 'warn', 'Slow answer from Acumatica')]));
    const messages = () => within(list).getAllByRole('listitem').map((item) => item.querySelector('.activity-message')?.textContent);
    expect(messages()).toEqual(['Slow answer from Acumatica', 'Acumatica answered 500', 'Imported 3 orders']);
    await user.selectOptions(screen.getByLabelText('Show'), 'error');
    // The engine is asked for the errors: the newest errors, not the errors among the newest entries.
    await waitFor(() => expect(messages()).toEqual(['Acumatica answered 500']));
    expect(fake.callsOf('listActivity').at(-1)).toEqual({ limit: 200, minLevel: 'error' });
    // A live entry below the level shown is not listed; one at it is.
    act(() => fake.emit('activity', [entry(4, 'info', 'Imported 1 order'), entry(5, 'error', 'Acumatica answered 503')]));
    expect(messages()).toEqual(['Acumatica answered 503', 'Acumatica answered 500']);
  });

  it('keeps the order log streaming while another tab is shown', async () => {
    const fake = connector();
    render(<App choice={{ kind: 'electron', api: fake.api }} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Orders' }));
    await waitFor(() => expect(document.querySelectorAll('.grid-body [role=row]')).toHaveLength(5));
    await user.click(screen.getByRole('button', { name: 'Dashboard' }));
    act(() => fake.emit('orders', makeOrders(8).slice(5)));
    await user.click(screen.getByRole('button', { name: 'Orders' }));
    expect(document.querySelectorAll('.grid-body [role=row]')).toHaveLength(8);
    expect(fake.callsOf('listOrders')).toHaveLength(1);
  });

  it('reloads the order and activity logs when the status says another process started the records over', async () => {
    let held = makeOrders(5);
    let history = [entry(1, 'info', 'Imported 5 orders')];
    const stored = { clientSecret: true, password: true };
    const fake = fakeConnector({
      getStatus: () => makeStatus({ storedSecrets: stored }),
      listOrders: ({ limit, offset }) => ({ orders: held.slice(offset, offset + limit), total: held.length }),
      listActivity: () => history,
    });
    render(<App choice={{ kind: 'electron', api: fake.api }} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Activity' }));
    await screen.findByText('Imported 5 orders');
    await user.click(screen.getByRole('button', { name: 'Orders' }));
    await waitFor(() => expect(document.querySelectorAll('.grid-body [role=row]')).toHaveLength(5));

    // A status that says nothing new keeps what was loaded.
    act(() => fake.emit('status', makeStatus({ storedSecrets: stored, connection: { kind: 'syncing', requested: false } })));
    expect(fake.callsOf('listOrders')).toHaveLength(1);
    expect(fake.callsOf('listActivity')).toHaveLength(1);

    // `connector setup --new-company` beside this window cleared the ledger; the service's next status says so.
    held = makeOrders(2);
    history = [entry(2, 'warn', 'Setup moved the connector to another company')];
    act(() => fake.emit('status', makeStatus({ storedSecrets: stored, recordsStartedOverAt: '2026-12-02T09:00:00.000Z' })));
    await waitFor(() => expect(document.querySelectorAll('.grid-body [role=row]')).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: 'Activity' }));
    await screen.findByText('Setup moved the connector to another company');
    expect(screen.queryByText('Imported 5 orders')).toBeNull();
  });

  it('reloads the order log after Setup saves: a ledger started over for another company shows none of the old orders', async () => {
    let held = makeOrders(5);
    const fake = fakeConnector({
      getStatus: () => makeStatus({ storedSecrets: { clientSecret: true, password: true } }),
      getSettings: () => ({ ...settingDefaults, instanceUrl: 'https://erp.example.com', clientId: '03539A80-9BBD-231F-0435-7FBC92E9CD3F@MyCompany', username: 'dropstream', secretExpiresOn: null }),
      listOrders: ({ limit, offset }) => ({ orders: held.slice(offset, offset + limit), total: held.length }),
      listActivity: () => [],
      saveSetup: () => {
        // "Another company": the engine cleared the old company's orders with the new settings.
        held = [];
        return makeStatus({ storedSecrets: { clientSecret: true, password: true }, recordsStartedOverAt: '2026-12-02T09:00:00.000Z' });
      },
    });
    render(<App choice={{ kind: 'electron', api: fake.api }} />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Orders' }));
    await waitFor(() => expect(document.querySelectorAll('.grid-body [role=row]')).toHaveLength(5));
    await user.click(screen.getByRole('button', { name: 'Setup' }));
    await waitFor(() => expect((screen.getByLabelText('Instance URL') as HTMLInputElement).value).toBe('https://erp.example.com'));
    await user.click(screen.getByRole('button', { name: 'Save without a passing test…' }));
    await user.click(screen.getByRole('button', { name: 'Save anyway' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Dashboard' }).getAttribute('aria-current')).toBe('page'));
    await user.click(screen.getByRole('button', { name: 'Orders' }));
    await waitFor(() => expect(screen.getByText('No orders imported yet. New orders appear here as they arrive.')).toBeTruthy());
    expect(document.querySelectorAll('.grid-body [role=row]')).toHaveLength(0);
  });
});
