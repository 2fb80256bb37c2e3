import type { BrowserWindow } from 'electron';
import { describe, expect, it } from 'vitest';
import { createMainWindow } from '../../../main/app/main-window.ts';
import { rendererLocation } from '../../../main/app/renderer-location.ts';

type Handler = (...args: unknown[]) => void;

function fakeWindow() {
  const listeners = new Map<string, Handler>();
  const contentsListeners = new Map<string, Handler>();
  const log: string[] = [];
  const sent: Array<[string, unknown]> = [];
  let visible = false;
  let destroyed = false;
  const window = {
    on: (event: string, listener: Handler) => void listeners.set(event, listener),
    once: (event: string, listener: Handler) => void listeners.set(event, listener),
    loadURL: async (url: string) => void log.push(`load ${url}`),
    show: () => ((visible = true), log.push('show')),
    hide: () => ((visible = false), log.push('hide')),
    focus: () => log.push('focus'),
    isMinimized: () => false,
    restore: () => log.push('restore'),
    isDestroyed: () => destroyed,
    destroy: () => {
      destroyed = true;
      visible = false;
      log.push('destroy');
      listeners.get('closed')?.();
    },
    webContents: {
      send: (channel: string, payload: unknown) => sent.push([channel, payload]),
      isLoading: () => false,
      isDestroyed: () => destroyed,
      once: () => undefined,
      on: (event: string, listener: Handler) => void contentsListeners.set(event, listener),
    },
  } as unknown as BrowserWindow;
  const rendererGone = (reason: string) => contentsListeners.get('render-process-gone')?.({}, { reason, exitCode: 1 });
  const close = () => {
    let prevented = false;
    listeners.get('close')?.({ preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { window, log, sent, close, rendererGone, fire: (event: string) => listeners.get(event)?.(), visible: () => visible };
}

const location = rendererLocation({});

describe('main window', () => {
  it('is created on first show, on the screen asked for, and shown when ready', () => {
    const fake = fakeWindow();
    let created = 0;
    const main = createMainWindow(() => (created++, fake.window), location);
    expect(main.webContents()).toEqual([]);
    main.show('setup');
    fake.fire('ready-to-show');
    expect(created).toBe(1);
    expect(fake.log).toEqual(['load app://dropstream/index.html#/setup', 'show']);
    expect(main.webContents()).toHaveLength(1);
  });

  it('hides to the tray on close, and really closes once quitting', () => {
    const fake = fakeWindow();
    const main = createMainWindow(() => fake.window, location);
    main.show();
    expect(fake.close()).toBe(true);
    expect(fake.log).toContain('hide');
    main.allowClose();
    expect(fake.close()).toBe(false);
  });

  it('brings an existing window forward and tells the UI which screen to open', () => {
    const fake = fakeWindow();
    let created = 0;
    const main = createMainWindow(() => (created++, fake.window), location);
    main.show();
    main.show('rotate-secret');
    expect(created).toBe(1);
    expect(fake.log.slice(-2)).toEqual(['show', 'focus']);
    expect(fake.sent).toEqual([['connector:event-navigate', { screen: 'rotate-secret' }]]);
  });
});

describe('main window after its page crashed', () => {
  it('is replaced by a fresh one at the next show, instead of coming back blank', () => {
    const windows = [fakeWindow(), fakeWindow()];
    const gone: string[] = [];
    let created = 0;
    const main = createMainWindow(() => windows[created++]!.window, location, (reason) => gone.push(reason));
    main.show();
    main.show();
    expect(created).toBe(1);

    windows[0]!.rendererGone('oom');
    expect(gone).toEqual(['oom']);
    expect(windows[0]!.log).toContain('destroy');
    expect(main.webContents()).toEqual([]);

    main.show('activity');
    expect(created).toBe(2);
    expect(windows[1]!.log).toEqual(['load app://dropstream/index.html#/activity']);
    expect(main.webContents()).toEqual([windows[1]!.window.webContents]);
  });

  it('leaves the window alone when its page ends normally, or the app is quitting', () => {
    const fake = fakeWindow();
    const main = createMainWindow(() => fake.window, location);
    main.show();
    fake.rendererGone('clean-exit');
    main.allowClose();
    fake.rendererGone('killed');
    expect(fake.log).not.toContain('destroy');
    expect(main.webContents()).toHaveLength(1);
  });
});

describe('renderer location', () => {
  it('loads the built page from the app origin, not from a file', () => {
    expect(location.url('dashboard')).toBe('app://dropstream/index.html#/dashboard');
  });

  it('recognises our built page with any hash, and nothing else', () => {
    expect(location.isOurUrl('app://dropstream/index.html#/dashboard')).toBe(true);
    expect(location.isOurUrl('app://dropstream/index.html')).toBe(true);
    for (const other of [
      'app://dropstream/other.html',
      'app://dropstream/assets/index.js',
      'app://dropstream.evil/index.html',
      'app://evil@dropstream/index.html',
      'app://dropstream:1/index.html',
      'file:///app/out/renderer/index.html#/dashboard',
      'https://evil.example/',
      'garbage',
    ]) {
      expect(location.isOurUrl(other), other).toBe(false);
    }
  });

  it('in development, recognises the dev server origin only', () => {
    const dev = rendererLocation({ devServerUrl: 'http://localhost:5173' });
    expect(dev.url('dashboard')).toBe('http://localhost:5173/#/dashboard');
    expect(dev.isOurUrl('http://localhost:5173/#/setup')).toBe(true);
    expect(dev.isOurUrl('http://localhost:5174/')).toBe(false);
    for (const other of ['http://localhost:5174/', 'https://localhost:5173/', 'app://dropstream/index.html', 'garbage']) {
      expect(dev.isOurUrl(other), other).toBe(false);
    }
  });
});
