import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { trayModel, type TrayAction } from '../../../main/app/tray-model.ts';
import { TrayService, type TrayInstance } from '../../../main/app/tray-service.ts';
import { makeStatus } from './fixtures.ts';
import type { Connection } from '../../../preload/api.ts';

type FakeMenu = MenuItemConstructorOptions[];

function setup(platform: NodeJS.Platform = 'linux') {
  const calls: string[] = [];
  const actions: TrayAction[] = [];
  let menu: FakeMenu = [];
  let clickListener: (() => void) | null = null;
  const tray: TrayInstance<FakeMenu> = {
    setImage: (path) => calls.push(`image ${path}`),
    setToolTip: () => calls.push('tooltip'),
    setContextMenu: (built) => {
      menu = built;
      calls.push('menu');
    },
    on: (_event, listener) => {
      clickListener = listener;
    },
    destroy: () => calls.push('destroy'),
  };
  const service = new TrayService<FakeMenu>({
    createTrayInstance: (path) => {
      calls.push(`create ${path}`);
      return tray;
    },
    buildMenu: (template) => template,
    iconPath: (icon) => `/icons/${icon}`,
    onAction: (action) => actions.push(action),
    platform,
  });
  const model = (connection: Connection) => trayModel({ status: makeStatus(connection), startAtLogin: { enabled: false, available: true }, now: new Date('2025-03-10T12:00:00Z'), timeZone: 'UTC' });
  return { calls, actions, service, model, menu: () => menu, click: () => clickListener?.() };
}

describe('TrayService', () => {
  it('creates the tray once and sets tooltip and context menu', () => {
    const { calls, service, model } = setup();
    service.render(model({ kind: 'connected' }));
    expect(calls).toEqual(['create /icons/connected', 'tooltip', 'menu']);
  });

  it('renders idempotently: the same model touches nothing, a new state only what changed', () => {
    const { calls, service, model } = setup();
    service.render(model({ kind: 'connected' }));
    calls.length = 0;
    service.render(model({ kind: 'connected' }));
    expect(calls).toEqual([]);
    service.render(model({ kind: 'disconnected', reason: 'No network.', since: '2025-03-10T11:00:00Z' }));
    expect(calls).toEqual(['image /icons/error', 'tooltip', 'menu']);
  });

  it('routes menu clicks to actions, including items inside the Pause submenu', () => {
    const { actions, service, model, menu } = setup();
    service.render(model({ kind: 'connected' }));
    const items = menu();
    const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.();
    click(items.find((item) => item.label === 'Sync now'));
    const pause = items.find((item) => item.label === 'Pause');
    click((pause?.submenu as MenuItemConstructorOptions[])[0]);
    click(items.find((item) => item.label === 'Quit DropStream Connector'));
    expect(actions).toEqual(['sync-now', 'pause-hour', 'quit']);
  });

  it('opens the dashboard on a left click on Windows only (Linux ignores clicks; the menu has everything)', () => {
    const windows = setup('win32');
    windows.service.render(windows.model({ kind: 'connected' }));
    windows.click();
    expect(windows.actions).toEqual(['open-dashboard']);

    const linux = setup('linux');
    linux.service.render(linux.model({ kind: 'connected' }));
    linux.click();
    expect(linux.actions).toEqual([]);
  });

  it('destroys the tray and starts over on the next render', () => {
    const { calls, service, model } = setup();
    service.render(model({ kind: 'connected' }));
    service.destroy();
    service.render(model({ kind: 'connected' }));
    expect(calls.filter((call) => call.startsWith('create'))).toHaveLength(2);
    expect(calls).toContain('destroy');
  });
});
