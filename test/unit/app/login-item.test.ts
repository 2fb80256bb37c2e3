import type { Settings } from 'electron';
import { describe, expect, it } from 'vitest';
import { AUTOSTART_FILE, autostartEntry, createLoginItem, launchedHidden, type LoginItemDeps } from '../../../main/app/login-item.ts';

function setup(platform: NodeJS.Platform, isPackaged = true, executable = '/home/ops/Apps/DropStream "Connector".AppImage', files = new Map<string, string>()) {
  const settings: Settings[] = [];
  const deps: LoginItemDeps = {
    platform,
    isPackaged,
    executable,
    setLoginItemSettings: (value) => void settings.push(value),
    getLoginItemSettings: () => ({ openAtLogin: settings.at(-1)?.openAtLogin ?? false }),
    autostartDir: '/home/ops/.config/autostart',
    fs: {
      readFile: async (path) => files.get(path) ?? null,
      writeFile: async (path, text) => void files.set(path, text),
      rm: async (path) => void files.delete(path),
      exists: (path) => files.has(path),
      mkdir: async () => undefined,
    },
  };
  return { files, settings, item: createLoginItem(deps) };
}

describe('start at login', () => {
  it('on Linux writes and removes an XDG autostart entry that starts hidden', async () => {
    const { files, item } = setup('linux');
    await item.setEnabled(true);
    const path = `/home/ops/.config/autostart/${AUTOSTART_FILE}`;
    expect(files.get(path)).toContain('Exec="/home/ops/Apps/DropStream \\"Connector\\".AppImage" --hidden');
    expect(item.isEnabled()).toBe(true);
    await item.setEnabled(false);
    expect(files.has(path)).toBe(false);
    expect(item.isEnabled()).toBe(false);
  });

  it('on Linux follows the AppImage to its new file after an update, and adds no entry the operator turned off', async () => {
    const files = new Map<string, string>();
    const path = `/home/ops/.config/autostart/${AUTOSTART_FILE}`;
    await setup('linux', true, '/home/ops/Apps/DropStream-Connector-1.0.0.AppImage', files).item.setEnabled(true);

    const updated = setup('linux', true, '/home/ops/Apps/DropStream-Connector-1.1.0.AppImage', files).item;
    await updated.follow();
    expect(files.get(path)).toContain('Exec="/home/ops/Apps/DropStream-Connector-1.1.0.AppImage" --hidden');
    expect(updated.isEnabled()).toBe(true);

    await updated.setEnabled(false);
    await updated.follow();
    expect(files.has(path)).toBe(false);
  });

  it('on Linux follows the AppImage without undoing what the desktop changed in the entry, such as turning it off', async () => {
    const files = new Map<string, string>();
    const path = `/home/ops/.config/autostart/${AUTOSTART_FILE}`;
    await setup('linux', true, '/home/ops/Apps/DropStream-Connector-1.0.0.AppImage', files).item.setEnabled(true);
    // GNOME's Startup Applications (and KDE's autostart settings, with Hidden=true) turn an entry off inside the file.
    files.set(path, files.get(path)!.replace('X-GNOME-Autostart-enabled=true', 'X-GNOME-Autostart-enabled=false') + 'Hidden=true\n');

    await setup('linux', true, '/home/ops/Apps/DropStream-Connector-1.1.0.AppImage', files).item.follow();
    const entry = files.get(path)!;
    expect(entry).toContain('Exec="/home/ops/Apps/DropStream-Connector-1.1.0.AppImage" --hidden');
    expect(entry).not.toContain('1.0.0');
    expect(entry).toContain('X-GNOME-Autostart-enabled=false');
    expect(entry).toContain('Hidden=true');
  });

  it('on Windows registers the login item with the hidden flag', async () => {
    const { settings, item } = setup('win32');
    await item.setEnabled(true);
    expect(settings).toEqual([{ openAtLogin: true, path: '/home/ops/Apps/DropStream "Connector".AppImage', args: ['--hidden'] }]);
    expect(item.isEnabled()).toBe(true);
  });

  it('on Windows reads the entry back with the path and arguments it was registered with', async () => {
    // Electron compares the Run key's command line with the path and args it is given, and with
    // none compares against the bare executable, so an entry with --hidden would read as off.
    const registry: Settings[] = [];
    const item = createLoginItem({
      platform: 'win32',
      isPackaged: true,
      executable: 'C:\\Users\\ops\\AppData\\Local\\Programs\\DropStream Connector\\DropStream Connector.exe',
      setLoginItemSettings: (value) => void registry.push(value),
      getLoginItemSettings: (options) => {
        const entry = registry.at(-1);
        const path = options?.path ?? 'C:\\electron.exe';
        const args = options?.args ?? [];
        return { openAtLogin: entry?.openAtLogin === true && entry.path === path && JSON.stringify(entry.args ?? []) === JSON.stringify(args) };
      },
      autostartDir: 'unused',
      fs: { readFile: async () => null, writeFile: async () => undefined, rm: async () => undefined, exists: () => false, mkdir: async () => undefined },
    });
    await item.setEnabled(true);
    expect(item.isEnabled()).toBe(true);
    // So the tray's toggle, setEnabled(!isEnabled()), can turn it off again.
    await item.setEnabled(!item.isEnabled());
    expect(registry.at(-1)?.openAtLogin).toBe(false);
    expect(item.isEnabled()).toBe(false);
  });

  it('on macOS registers the login item and detects the login launch instead of a flag', async () => {
    const { settings, item } = setup('darwin');
    await item.setEnabled(true);
    expect(settings[0]).toMatchObject({ openAtLogin: true, args: [] });
    expect(launchedHidden(['/Applications/DropStream Connector.app/Contents/MacOS/DropStream Connector'], { wasOpenedAtLogin: true })).toBe(true);
  });

  it('does nothing in development', async () => {
    const { files, settings, item } = setup('linux', false);
    expect(item.available).toBe(false);
    await item.setEnabled(true);
    expect(files.size + settings.length).toBe(0);
    expect(item.isEnabled()).toBe(false);
  });

  it('starts hidden only when launched with the flag', () => {
    expect(launchedHidden(['dropstream', '--hidden'], { wasOpenedAtLogin: false })).toBe(true);
    expect(launchedHidden(['dropstream'], { wasOpenedAtLogin: false })).toBe(false);
    expect(autostartEntry('/usr/bin/dropstream')).toMatch(/^\[Desktop Entry\]\nType=Application\n/);
  });
});
