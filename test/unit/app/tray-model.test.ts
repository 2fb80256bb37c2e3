import { describe, expect, it } from 'vitest';
import { TRAY_ICONS, trayModel, type TrayMenuItem, type TrayState } from '../../../main/app/tray-model.ts';
import type { Connection, ConnectorStatus } from '../../../preload/api.ts';
import { everyConnection, makeStatus } from './fixtures.ts';

const now = new Date('2025-03-10T12:00:00Z');
const state = (connection: Connection, overrides: Partial<ConnectorStatus> = {}): TrayState => ({
  status: makeStatus(connection, overrides),
  startAtLogin: { enabled: true, available: true },
  now,
  timeZone: 'UTC',
});

const labels = (items: TrayMenuItem[]) => items.flatMap((item) => ('label' in item ? [item.label] : []));
const action = (items: TrayMenuItem[], name: string) =>
  items.flatMap((item) => (item.kind === 'submenu' ? item.items : [item])).find((item) => 'action' in item && item.action === name);

describe('trayModel', () => {
  const expected: Record<Connection['kind'], string> = {
    'not-configured': 'not-configured',
    connecting: 'syncing',
    connected: 'connected',
    syncing: 'syncing',
    retrying: 'attention',
    paused: 'paused',
    'credentials-rejected': 'error',
    'secret-rejected': 'error',
    'access-denied': 'error',
    'credentials-needed': 'error',
    disconnected: 'error',
  };

  it.each(everyConnection)('gives $kind an icon, a status line, a tooltip within 127 characters and a full menu', (connection) => {
    const model = trayModel(state(connection));
    expect(model.icon).toBe(expected[connection.kind]);
    expect(TRAY_ICONS).toContain(model.icon);
    expect(model.tooltip.length).toBeLessThanOrEqual(127);
    expect(model.menu[0]?.kind).toBe('status');
    const names = labels(model.menu);
    expect(names).toContain('Quit DropStream Connector');
    expect(names).toContain('Open logs folder');
    expect(names.some((label) => label.startsWith('Start at login'))).toBe(true);
  });

  it('asks for attention when the secret expires within a week or errors happened today', () => {
    expect(trayModel(state({ kind: 'connected' }, { secret: { expiresOn: '2025-03-15', daysLeft: 5 } })).icon).toBe('attention');
    expect(trayModel(state({ kind: 'connected' }, { secret: { expiresOn: '2025-04-01', daysLeft: 22 } })).icon).toBe('connected');
    const withErrors = makeStatus({ kind: 'connected' });
    withErrors.counts.errorsToday = 2;
    expect(trayModel({ ...state({ kind: 'connected' }), status: withErrors }).icon).toBe('attention');
  });

  it('asks for attention while a secret-expiry reminder is due, and not once it is snoozed', () => {
    const reminder = (due: boolean) => ({ secret: { expiresOn: '2025-04-01', daysLeft: 22, reminder: { threshold: 30, due, snoozedUntil: due ? null : '2025-03-11T09:00:00.000Z' } } });
    expect(trayModel(state({ kind: 'connected' }, reminder(true))).icon).toBe('attention');
    expect(trayModel(state({ kind: 'connected' }, reminder(false))).icon).toBe('connected');
  });

  it('puts state, last sync, orders today and a near secret expiry in the tooltip', () => {
    const tooltip = trayModel(state({ kind: 'connected' }, { secret: { expiresOn: '2025-04-01', daysLeft: 22 } })).tooltip;
    expect(tooltip).toBe('DropStream: Connected\nLast sync 11:58 · 37 orders today\nClient secret expires in 22 days');
  });

  it('leaves a distant secret expiry out, and says when the last sync was another day', () => {
    const tooltip = trayModel(state({ kind: 'connected' }, { lastSyncAt: '2025-03-08T09:15:00Z', secret: { expiresOn: '2025-12-01', daysLeft: 266 } })).tooltip;
    expect(tooltip).toBe('DropStream: Connected\nLast sync 8 Mar 09:15 · 37 orders today');
  });

  it('says a full drive is a failure to save, not a disconnection', () => {
    const tooltip = trayModel(state({ kind: 'disconnected', reason: 'The drive is full.', since: now.toISOString(), storage: true })).tooltip;
    expect(tooltip.split('\n')[0]).toBe('DropStream: Cannot save data: The drive is full.');
  });

  it('cuts a long reason so Windows does not truncate mid-word silently', () => {
    const tooltip = trayModel(state({ kind: 'disconnected', reason: 'x'.repeat(300), since: now.toISOString() })).tooltip;
    expect(tooltip).toHaveLength(127);
    expect(tooltip.endsWith('…')).toBe(true);
  });

  it('offers Pause (1 hour / until resumed) when running and Resume when paused', () => {
    const running = trayModel(state({ kind: 'connected' })).menu;
    const pause = running.find((item) => item.kind === 'submenu');
    expect(pause && labels(pause.kind === 'submenu' ? pause.items : [])).toEqual(['For 1 hour', 'Until resumed']);
    expect(action(running, 'resume')).toBeUndefined();

    const paused = trayModel(state({ kind: 'paused', until: '2025-03-10T13:00:00Z' }));
    expect(paused.menu[0]).toEqual({ kind: 'status', label: 'Paused until 13:00' });
    expect(action(paused.menu, 'resume')).toMatchObject({ enabled: true });
    expect(action(paused.menu, 'sync-now')).toMatchObject({ enabled: false });
  });

  it('offers Resume while paused even when a rejected sign-in is what the status line shows', () => {
    const menu = trayModel(state({ kind: 'credentials-rejected', description: 'invalid_grant' }, { paused: { until: null } })).menu;
    expect(action(menu, 'resume')).toMatchObject({ enabled: true });
    expect(menu.find((item) => item.kind === 'submenu' && item.label === 'Pause')).toBeUndefined();
    expect(action(menu, 'sync-now')).toMatchObject({ enabled: false });
  });

  it('disables what needs a configured connection before setup', () => {
    const menu = trayModel(state({ kind: 'not-configured' })).menu;
    expect(action(menu, 'sync-now')).toMatchObject({ enabled: false });
    expect(action(menu, 'rotate-secret')).toMatchObject({ enabled: false });
    expect(action(menu, 'open-dashboard')).toMatchObject({ label: 'Set up…', enabled: true });
  });

  it('shows Start at login as a checkbox, disabled outside an installed app', () => {
    const installed = trayModel(state({ kind: 'connected' })).menu;
    expect(action(installed, 'toggle-start-at-login')).toMatchObject({ kind: 'checkbox', checked: true, enabled: true });
    const dev = trayModel({ ...state({ kind: 'connected' }), startAtLogin: { enabled: false, available: false } }).menu;
    expect(action(dev, 'toggle-start-at-login')).toMatchObject({ checked: false, enabled: false });
  });
});
