// The tray icon, rendered idempotently from a TrayModel (after Signal Desktop's tray service):
// only what changed is pushed to the OS, and the Tray itself comes from `createTrayInstance` so
// tests need no Electron.
import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayIcon, TrayMenuItem, TrayModel } from './tray-model.ts';

export interface TrayInstance<M> {
  setImage(path: string): void;
  setToolTip(text: string): void;
  setContextMenu(menu: M): void;
  on(event: 'click', listener: () => void): unknown;
  destroy(): void;
}

export interface TrayServiceOptions<M> {
  createTrayInstance(iconPath: string): TrayInstance<M>;
  buildMenu(template: MenuItemConstructorOptions[]): M;
  iconPath(icon: TrayIcon): string;
  onAction(action: TrayAction): void;
  platform: NodeJS.Platform;
}

export function menuTemplate(items: TrayMenuItem[], onAction: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    switch (item.kind) {
      case 'status':
        return { label: item.label, enabled: false };
      case 'separator':
        return { type: 'separator' };
      case 'action':
        return { label: item.label, enabled: item.enabled, click: () => onAction(item.action) };
      case 'checkbox':
        return { type: 'checkbox', label: item.label, checked: item.checked, enabled: item.enabled, click: () => onAction(item.action) };
      case 'submenu':
        return { label: item.label, enabled: item.enabled, submenu: menuTemplate(item.items, onAction) };
    }
  });
}

export class TrayService<M> {
  readonly #options: TrayServiceOptions<M>;
  #tray: TrayInstance<M> | null = null;
  #shown: { icon: TrayIcon; tooltip: string; menu: string } | null = null;

  constructor(options: TrayServiceOptions<M>) {
    this.#options = options;
  }

  render(model: TrayModel): void {
    const menu = JSON.stringify(model.menu);
    if (!this.#tray) {
      this.#tray = this.#options.createTrayInstance(this.#options.iconPath(model.icon));
      // A left click opens the dashboard on Windows. macOS shows the context menu on click, and
      // Linux's AppIndicator never reports clicks (https://github.com/electron/electron/issues/6773),
      // which is why everything is reachable from the context menu on every platform.
      if (this.#options.platform === 'win32') this.#tray.on('click', () => this.#options.onAction('open-dashboard'));
    } else if (this.#shown?.icon !== model.icon) {
      this.#tray.setImage(this.#options.iconPath(model.icon));
    }
    if (this.#shown?.tooltip !== model.tooltip) this.#tray.setToolTip(model.tooltip);
    // A fresh menu each time: on Linux, changes to a menu already set are not picked up until
    // setContextMenu is called again (Electron's Tray docs, platform considerations).
    if (this.#shown?.menu !== menu) this.#tray.setContextMenu(this.#options.buildMenu(menuTemplate(model.menu, this.#options.onAction)));
    this.#shown = { icon: model.icon, tooltip: model.tooltip, menu };
  }

  destroy(): void {
    this.#tray?.destroy();
    this.#tray = null;
    this.#shown = null;
  }
}
