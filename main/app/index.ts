// Electron entry point: wiring only. Order matters: the data folder and the single-instance lock
// before anything else; after `ready`, vault, engine, tray, IPC, and only then polling. The logic
// lives in the modules called here, each tested with fakes under test/unit/app/.
import { app, BrowserWindow, dialog, Menu, Notification, protocol, safeStorage, session, shell, Tray } from 'electron';
import Store from 'electron-store';
import { existsSync } from 'node:fs';
import { mkdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { APP_FOLDER, logsDir } from '../engine/data-dir.ts';
import { ENGINE_V8_FLAGS_TEXT } from '../engine/v8-flags.ts';
import { APP_VAULT_FILE, FileVault } from '../vault/index.ts';
import { calendarStatusFeed } from './calendar-status-feed.ts';
import { createConnectorShellEngine } from './connector-shell-engine.ts';
import { RELAUNCHED_ENV, relaunchForEngineFlags } from './engine-flags-launch.ts';
import { bridgeEngineEvents } from './event-bridge.ts';
import { createExternalOpener, instanceHost } from './external-links.ts';
import { registerIpc, senderIsOneOf } from './ipc.ts';
import { createLoginItem, launchedHidden } from './login-item.ts';
import { createMainWindow, newBrowserWindow } from './main-window.ts';
import { createNotifier } from './notifier.ts';
import { installQuitHandler } from './quit-handler.ts';
import { listenForReopen, type ReopenRequests } from './reopen-requests.ts';
import { rendererLocation } from './renderer-location.ts';
import { registerAppScheme, serveRenderer } from './renderer-protocol.ts';
import type { Preferences } from './preferences.ts';
import { createSafeStorageCipher } from './safe-storage-cipher.ts';
import type { CreateShellEngine, ShellEngine } from './shell-engine.ts';
import { systemTimers } from './timers.ts';
import { connectTray } from './tray-controller.ts';
import { trayIconPath } from './tray-icons.ts';
import type { TrayAction } from './tray-model.ts';
import { TrayService } from './tray-service.ts';
import { weakStorageConsent, type WeakStorageQuestion } from './weak-storage-consent.ts';
import { hardenSession, hardenWebContents } from './window-security.ts';

/** The one line that chooses the engine. */
const createEngine: CreateShellEngine = createConnectorShellEngine;

const APP_ID = 'com.dropstream.connector';
const here = import.meta.dirname;

/** The app's log file (logs/app*.log, the one "Open logs folder" shows), once the engine is open. */
let logFile: ShellEngine['log'] | null = null;
/** Listened for once the single-instance lock is held, before start-up's awaits (reopen-requests.ts). */
let reopenRequests: ReopenRequests | null = null;

function log(level: 'warn' | 'error', message: string, error?: unknown): void {
  const detail = error instanceof Error ? error.message : error === undefined ? undefined : String(error);
  console[level](JSON.stringify({ level, scope: 'app', message, ...(detail ? { detail } : {}) }));
  logFile?.(level, message, detail);
}

/**
 * electron-store holds the shell's own preferences and nothing else (see preferences.ts): the
 * engine's settings are in the ledger, shared with the CLI and the headless service, and the
 * secrets are in the vault file.
 */
function openPreferences(): Preferences {
  // A damaged file starts empty instead of crashing the app: each preference has a safe default.
  const store = new Store<Record<string, unknown>>({ name: 'preferences', clearInvalidConfig: true });
  return { get: (key) => store.get(key), set: (key, value) => store.set(key, value) };
}

async function askWeakStorage(question: WeakStorageQuestion): Promise<boolean> {
  const { response } = await dialog.showMessageBox({
    type: 'warning',
    title: question.title,
    message: question.message,
    detail: question.detail,
    buttons: [question.decline, question.accept],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  });
  return response === 1;
}

async function start(): Promise<void> {
  hardenSession(session.defaultSession);
  // A tray utility: no Dock icon (electron-builder.yml also sets LSUIElement so it never flashes).
  if (process.platform === 'darwin') app.dock?.hide();
  // Windows shows toasts only for an app with an AppUserModelID matching its Start-menu shortcut.
  if (process.platform === 'win32') app.setAppUserModelId(app.isPackaged ? APP_ID : process.execPath);

  const dataDir = app.getPath('userData');
  const prefs = openPreferences();
  const confirmWeakStorage = weakStorageConsent(prefs, askWeakStorage);
  const cipher = createSafeStorageCipher({ safeStorage, platform: process.platform, confirmWeakStorage });
  const vault = new FileVault({ path: join(dataDir, APP_VAULT_FILE), cipher });
  const engine = await createEngine({
    dataDir,
    vault,
    appVersion: app.getVersion(),
    onPollingTakenOver: (message) => {
      log('error', 'Syncing stopped', message);
      // Not showErrorBox: it blocks the main process, and on an unattended PC the tray would hang
      // until someone pressed OK. The app quits when the box is dismissed.
      void dialog
        .showMessageBox({ type: 'error', title: 'DropStream Connector stopped syncing', message, detail: 'The app closes when you press OK.' })
        .finally(() => app.quit());
    },
  });
  logFile = engine.log;

  const openExternal = createExternalOpener({
    openExternal: (url) => shell.openExternal(url),
    extraHosts: () => instanceHost(engine.setting('instanceUrl')),
    onRefused: (url) => log('warn', 'Refused to open a link outside the allow-list', url),
  });
  const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
  const location = rendererLocation({ devServerUrl });
  // The built UI is served from app://dropstream/ (renderer-protocol.ts); under the dev server
  // nothing is, so the scheme answers nothing there.
  if (!devServerUrl) serveRenderer(protocol, { root: join(here, '../renderer'), readFile: (file) => readFile(file), realpath: (file) => realpath(file) });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openExternal));

  const preload = join(here, '../preload/index.cjs');
  const window = createMainWindow(() => newBrowserWindow(BrowserWindow, preload, !app.isPackaged), location, (reason) =>
    log('error', 'The dashboard page stopped; the next Open dashboard starts it afresh', reason),
  );

  const loginItem = createLoginItem({
    platform: process.platform,
    isPackaged: app.isPackaged,
    executable: process.env.APPIMAGE ?? process.execPath,
    setLoginItemSettings: (options) => app.setLoginItemSettings(options),
    getLoginItemSettings: (options) => app.getLoginItemSettings(options),
    autostartDir: join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart'),
    fs: {
      readFile: (path) => readFile(path, 'utf8').catch(() => null),
      writeFile: (path, text) => writeFile(path, text, 'utf8'),
      rm: (path) => rm(path, { force: true }),
      exists: existsSync,
      mkdir: async (path) => void (await mkdir(path, { recursive: true })),
    },
  });
  // On by default for an installed copy: a warehouse PC should import after a reboot unattended.
  if (loginItem.available && prefs.get('startAtLoginInitialised') !== true) {
    await loginItem.setEnabled(true).catch((error: unknown) => log('warn', 'Could not register the login item', error));
    prefs.set('startAtLoginInitialised', true);
  }
  await loginItem.follow().catch((error: unknown) => log('warn', 'Could not update the login item to this copy of the app', error));

  const trayDir = app.isPackaged ? join(process.resourcesPath, 'tray') : join(app.getAppPath(), 'assets', 'tray');
  const trayActions: Record<TrayAction, () => Promise<unknown> | void> = {
    'sync-now': () => engine.syncNow(),
    'pause-hour': () => engine.pause(60),
    'pause-until-resumed': () => engine.pause(null),
    resume: () => engine.resume(),
    'open-dashboard': () => window.show(engine.getStatus().connection.kind === 'not-configured' ? 'setup' : 'dashboard'),
    'rotate-secret': () => window.show('rotate-secret'),
    'toggle-start-at-login': () => loginItem.setEnabled(!loginItem.isEnabled()).then(() => trayController.refresh()),
    'open-logs': () => shell.openPath(logsDir(dataDir)),
    quit: () => app.quit(),
  };
  const trayService = new TrayService<Menu>({
    createTrayInstance: (icon) => new Tray(icon),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    iconPath: (icon) => trayIconPath(trayDir, icon, process.platform),
    onAction: (action) => void Promise.resolve(trayActions[action]()).catch((error: unknown) => log('error', `Tray action ${action} failed`, error)),
    platform: process.platform,
  });
  // Every status consumer below listens here, not to the engine: the feed adds the statuses a new
  // day or the end of a snooze calls for, which the engine does not emit while paused.
  const statusFeed = calendarStatusFeed(engine, systemTimers);
  const trayController = connectTray({
    engine: { getStatus: () => engine.getStatus(), onStatus: statusFeed.onStatus },
    render: (model) => trayService.render(model),
    startAtLogin: () => ({ enabled: loginItem.isEnabled(), available: loginItem.available }),
    timers: systemTimers,
  });

  const unregisterIpc = registerIpc(engine.handlers, senderIsOneOf(() => window.webContents(), location.isOurUrl));
  const stopBridge = bridgeEngineEvents({
    engine: { ...engine, onStatus: statusFeed.onStatus },
    send: (channel, payload) => window.send(channel, payload),
    timers: systemTimers,
    onDropped: (event, problem) => log('error', `Dropped a ${event} event`, problem),
  });

  const notifier = createNotifier({
    createNotification: (options) => new Notification(options),
    isSupported: () => Notification.isSupported(),
    isQuiet: () => engine.setting('quietNotifications'),
    prefs,
    timers: systemTimers,
    open: (screen) => window.show(screen),
  });
  notifier.update(engine.getStatus());
  const stopNotifier = statusFeed.onStatus((status) => notifier.update(status));

  installQuitHandler({
    app,
    beforeStop: () => {
      window.allowClose();
      stopNotifier();
      notifier.dispose();
      statusFeed.dispose();
      stopBridge();
      unregisterIpc();
      trayController.dispose();
      trayService.destroy();
    },
    stop: () => engine.stop(),
    onError: (error) => log('error', 'Stopping the engine failed', error),
    setTimeout: systemTimers.setTimeout,
  });
  // The window hides to the tray, so this fires only when quitting; without a listener Electron
  // would quit on its own, skipping the engine's orderly stop.
  app.on('window-all-closed', () => undefined);

  // The end-to-end tests read the tray's model through Playwright's electronApp.evaluate.
  if (process.env.DROPSTREAM_E2E === '1') Object.assign(globalThis, { dropstreamE2E: { trayModel: () => trayController.current() } });

  engine.start();
  if (!launchedHidden(process.argv, app.getLoginItemSettings())) trayActions['open-dashboard']();
  reopenRequests?.ready(() => void trayActions['open-dashboard']());
}

// The data folder is named explicitly rather than left to the package name, so the app, the CLI
// and the headless service find the same ledger and its settings (main/engine/data-dir.ts).
app.setPath('userData', join(app.getPath('appData'), APP_FOLDER));
// The end-to-end tests give every run a fresh profile (and so their own single-instance lock).
if (process.env.DROPSTREAM_E2E === '1' && process.env.DROPSTREAM_USER_DATA) app.setPath('userData', process.env.DROPSTREAM_USER_DATA);

/** macOS's answer to "did the login item start this process?"; false where it cannot say. */
function openedAtLogin(): boolean {
  try {
    return launchedHidden([], app.getLoginItemSettings());
  } catch {
    return false;
  }
}

// app:// and its privileges must be declared before `ready` (renderer-protocol.ts).
registerAppScheme(protocol);

// The engine's V8 flags (main/engine/v8-flags.ts), set before `ready`. Chromium hands js-flags to the
// processes it starts from here on; the main process's own V8 reads them only from the launch
// command line, so a packaged app started without them starts again with them (engine-flags-launch.ts).
app.commandLine.appendSwitch('js-flags', ENGINE_V8_FLAGS_TEXT);
const relaunch = relaunchForEngineFlags(
  { argv: process.argv, isPackaged: app.isPackaged, env: process.env, launchedHidden: process.platform === 'darwin' && openedAtLogin() },
  ENGINE_V8_FLAGS_TEXT,
);
// Read once; nothing the app starts later (a browser for a link, say) should inherit it.
delete process.env[RELAUNCHED_ENV];

if (relaunch) {
  process.env[RELAUNCHED_ENV] = '1';
  app.relaunch(relaunch);
  app.exit(0);
} else if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  reopenRequests = listenForReopen(app);
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      log('error', 'DropStream Connector could not start', error);
      dialog.showErrorBox('DropStream Connector could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}
