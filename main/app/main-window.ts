// The dashboard window: created on first use, hidden (not closed) when the operator closes it so
// the tray app keeps its state, and destroyed only when the app quits or its page crashes.
import type { BrowserWindow, BrowserWindowConstructorOptions, RenderProcessGoneDetails } from 'electron';
import type { Screen } from '../../preload/api.ts';
import { sendEvent } from './event-bridge.ts';
import type { RendererLocation } from './renderer-location.ts';

export type BrowserWindowClass = new (options: BrowserWindowConstructorOptions) => BrowserWindow;

/**
 * Every option that matters for security is spelled out, even where it is Electron's default.
 * The constructor parameter is called BrowserWindow so that electronegativity recognises the
 * `new BrowserWindow({...})` below and checks these very options; tests pass a recording fake.
 */
export function newBrowserWindow(BrowserWindow: BrowserWindowClass, preloadPath: string, devTools: boolean): BrowserWindow {
  return new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'DropStream Connector',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath, // eng-disable PRELOAD_JS_CHECK (reviewed: preload/index.ts exposes only the contract's invoke/on transport)
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Chromium's spellchecker fetches its dictionaries from Google's servers: traffic from the
      // warehouse PC that no admin approved, for a form of URLs, IDs and dates.
      spellcheck: false,
      // A middle click would otherwise open a link in a new window without window.open.
      disableBlinkFeatures: 'Auxclick',
      devTools,
    },
  });
}

export interface MainWindow {
  /** Show (creating if needed) and bring forward, on `screen` when given. */
  show(screen?: Screen): void;
  /** Let the next close really close: the app is quitting. */
  allowClose(): void;
  send(channel: string, payload: unknown): void;
  /** The web contents IPC may come from (none while no window exists). */
  webContents(): WebContents[];
}

type WebContents = BrowserWindow['webContents'];

export function createMainWindow(create: () => BrowserWindow, location: RendererLocation, onRendererGone?: (reason: RenderProcessGoneDetails['reason']) => void): MainWindow {
  let window: BrowserWindow | null = null;
  let closing = false;

  function open(screen: Screen): BrowserWindow {
    const created = create();
    created.on('close', (event) => {
      if (closing) return;
      event.preventDefault();
      created.hide();
    });
    created.on('closed', () => {
      if (window === created) window = null;
    });
    // Electron leaves a window whose renderer crashed (or was killed, or ran out of memory) blank
    // and does not reload it; hidden to the tray for months, it would come back blank at the next
    // Open dashboard until the app restarted. So the window goes, and the next show builds a new
    // one. No automatic reopen: a page that crashes as it loads would crash again and again.
    created.webContents.on('render-process-gone', (_event, details) => {
      if (closing || details.reason === 'clean-exit') return;
      onRendererGone?.(details.reason);
      if (window === created) window = null;
      if (!created.isDestroyed()) created.destroy();
    });
    created.once('ready-to-show', () => created.show());
    void created.loadURL(location.url(screen));
    return created;
  }

  function alive(): BrowserWindow | null {
    return window && !window.isDestroyed() ? window : null;
  }

  return {
    show(screen) {
      const existing = alive();
      if (!existing) {
        window = open(screen ?? 'dashboard');
        return;
      }
      if (existing.isMinimized()) existing.restore();
      existing.show();
      existing.focus();
      if (!screen) return;
      const contents = existing.webContents;
      const navigate = () => sendEvent((channel, payload) => contents.send(channel, payload), 'navigate', { screen });
      if (contents.isLoading()) contents.once('did-finish-load', navigate);
      else navigate();
    },
    allowClose() {
      closing = true;
    },
    send(channel, payload) {
      const contents = alive()?.webContents;
      if (contents && !contents.isDestroyed()) contents.send(channel, payload);
    },
    webContents() {
      const current = alive();
      return current ? [current.webContents] : [];
    },
  };
}
