// "Start at login", hidden. Windows and macOS through app.setLoginItemSettings; Linux has no such
// API in Electron (https://github.com/electron/electron/issues/15198), so an XDG autostart entry
// (https://specifications.freedesktop.org/autostart-spec/latest/) is written instead. Skipped in
// development: registering the bare electron binary at login would start an empty Electron.
import { join } from 'node:path';
import type { LoginItemSettings, LoginItemSettingsOptions, Settings } from 'electron';

export const HIDDEN_FLAG = '--hidden';

export interface LoginItemDeps {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  /** The file to start: the AppImage itself when running from one ($APPIMAGE), else the executable. */
  executable: string;
  setLoginItemSettings(settings: Settings): void;
  getLoginItemSettings(options?: LoginItemSettingsOptions): Pick<LoginItemSettings, 'openAtLogin'>;
  /** ~/.config/autostart, or $XDG_CONFIG_HOME/autostart. */
  autostartDir: string;
  fs: {
    /** The file's text, or null when there is none. */
    readFile(path: string): Promise<string | null>;
    writeFile(path: string, text: string): Promise<void>;
    rm(path: string): Promise<void>;
    exists(path: string): boolean;
    mkdir(path: string): Promise<void>;
  };
}

export interface LoginItem {
  /** False in development: the menu shows the item disabled. */
  readonly available: boolean;
  isEnabled(): boolean;
  setEnabled(enabled: boolean): Promise<void>;
  /** At start: point an enabled login item at this executable, if it names another one. */
  follow(): Promise<void>;
}

export const AUTOSTART_FILE = 'com.dropstream.connector.desktop';

/** Quote an Exec argument per the Desktop Entry spec: double quotes, with \ " ` $ escaped. */
function desktopExecQuote(path: string): string {
  return `"${path.replace(/[\\"`$]/g, (char) => `\\${char}`)}"`;
}

function execLine(executable: string): string {
  return `Exec=${desktopExecQuote(executable)} ${HIDDEN_FLAG}`;
}

export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=DropStream Connector',
    'Comment=Imports Acumatica orders for fulfillment',
    execLine(executable),
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export function createLoginItem(deps: LoginItemDeps): LoginItem {
  const autostartPath = join(deps.autostartDir, AUTOSTART_FILE);
  const available = deps.isPackaged;
  // Windows starts us with the flag; macOS reports wasOpenedAtLogin instead of passing args.
  const args = deps.platform === 'win32' ? [HIDDEN_FLAG] : [];
  return {
    available,
    isEnabled() {
      if (!available) return false;
      if (deps.platform === 'linux') return deps.fs.exists(autostartPath);
      // On Windows openAtLogin is true only for a Run entry with this very path and these args;
      // asked without them, Electron compares the bare executable and reports our entry as off.
      return deps.getLoginItemSettings({ path: deps.executable, args }).openAtLogin;
    },
    async setEnabled(enabled) {
      if (!available) return;
      if (deps.platform === 'linux') {
        if (enabled) {
          await deps.fs.mkdir(deps.autostartDir);
          await deps.fs.writeFile(autostartPath, autostartEntry(deps.executable));
        } else if (deps.fs.exists(autostartPath)) {
          await deps.fs.rm(autostartPath);
        }
        return;
      }
      deps.setLoginItemSettings({ openAtLogin: enabled, path: deps.executable, args });
    },
    async follow() {
      // An AppImage's file name carries its version, so an update is a new path: the autostart
      // entry kept starting the old file (or nothing, once it was deleted) while the menu, which
      // only sees that an entry exists, still showed Start at login ticked. Windows and macOS read
      // an entry for another path as off, so the operator sees it there.
      // Only the Exec line changes: GNOME's Startup Applications and KDE's autostart settings turn
      // an entry off inside the file (X-GNOME-Autostart-enabled=false, Hidden=true), and rewriting
      // the whole entry turned it back on at every start of the app.
      if (!available || deps.platform !== 'linux') return;
      const current = await deps.fs.readFile(autostartPath);
      if (current === null) return;
      const wanted = execLine(deps.executable);
      const lines = current.split('\n');
      const exec = lines.findIndex((line) => line.startsWith('Exec='));
      if (exec === -1) {
        await deps.fs.writeFile(autostartPath, autostartEntry(deps.executable));
        return;
      }
      const line = lines[exec]!;
      if (line.trimEnd() === wanted) return;
      lines[exec] = line.endsWith('\r') ? `${wanted}\r` : wanted;
      await deps.fs.writeFile(autostartPath, lines.join('\n'));
    },
  };
}

/** Started by the login item: no window, just the tray. */
export function launchedHidden(argv: readonly string[], loginSettings: Pick<LoginItemSettings, 'wasOpenedAtLogin'>): boolean {
  return argv.includes(HIDDEN_FLAG) || loginSettings.wasOpenedAtLogin === true;
}
