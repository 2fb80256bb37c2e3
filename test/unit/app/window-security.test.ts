// Static checks of the window's options and the CSP, and the lock-down handlers driven with fakes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserWindow, BrowserWindowConstructorOptions, Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { CSP_DIRECTIVES, HEADER_CSP, META_CSP } from '../../../main/app/content-security-policy.ts';
import { newBrowserWindow } from '../../../main/app/main-window.ts';
import { hardenSession, hardenWebContents } from '../../../main/app/window-security.ts';

type Handler = (...args: unknown[]) => unknown;

describe('window options', () => {
  let options: BrowserWindowConstructorOptions = {};
  class RecordingWindow {
    constructor(given: BrowserWindowConstructorOptions) {
      options = given;
    }
  }
  newBrowserWindow(RecordingWindow as unknown as new (given: BrowserWindowConstructorOptions) => BrowserWindow, '/app/out/preload/index.cjs', false);

  it('isolates and sandboxes the renderer, with no Node and full web security', () => {
    expect(options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
      // No dictionary downloads from Google.
      spellcheck: false,
    });
    expect(options.webPreferences).not.toHaveProperty('enableBlinkFeatures');
    expect(options.webPreferences).not.toHaveProperty('additionalArguments');
    expect(options.show).toBe(false);
  });
});

describe('content security policy', () => {
  const html = readFileSync(resolve(import.meta.dirname, '../../../renderer/index.html'), 'utf8');
  const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];

  it('is the same policy in renderer/index.html and in main', () => {
    expect(meta).toBe(META_CSP);
  });

  it('allows no inline or eval script, no remote origin, no plugins, no base or form tricks', () => {
    const all = Object.values(CSP_DIRECTIVES).flat().join(' ');
    expect(all).not.toMatch(/unsafe-inline|unsafe-eval|unsafe-hashes|\*|https?:/);
    expect(CSP_DIRECTIVES['object-src']).toEqual(["'none'"]);
    expect(CSP_DIRECTIVES['base-uri']).toEqual(["'none'"]);
    expect(HEADER_CSP).toContain("frame-ancestors 'none'");
  });
});

describe('web contents lock-down', () => {
  function fakeContents() {
    const listeners = new Map<string, Handler>();
    let openHandler: Handler | null = null;
    const contents = {
      setWindowOpenHandler: (handler: Handler) => void (openHandler = handler),
      on: (event: string, listener: Handler) => void listeners.set(event, listener),
    } as unknown as WebContents;
    const prevented = (event: string, extra: object = {}) => {
      let stopped = false;
      listeners.get(event)?.({ preventDefault: () => (stopped = true), ...extra });
      return stopped;
    };
    return { contents, prevented, open: (url: string) => openHandler?.({ url }) };
  }


  it('denies window.open, handing an allowed link to the external opener', async () => {
    const opened: string[] = [];
    const fake = fakeContents();
    hardenWebContents(fake.contents, async (url) => (opened.push(url), true));
    expect(fake.open('https://help.acumatica.com/')).toEqual({ action: 'deny' });
    // Not even our own page opens a second window.
    expect(fake.open('app://dropstream/index.html#/setup')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://help.acumatica.com/', 'app://dropstream/index.html#/setup']);
  });

  it('prevents every navigation, to our own page as well as anywhere else', () => {
    const fake = fakeContents();
    hardenWebContents(fake.contents, async () => false);
    for (const url of [
      'app://dropstream/index.html#/dashboard',
      'https://evil.example/',
      'file:///etc/passwd',
      'app://evil/index.html',
      'http://localhost:5173/',
      'javascript:alert(1)',
      'data:text/html,<h1>hi</h1>',
    ]) {
      expect(fake.prevented('will-navigate', { url }), url).toBe(true);
    }
  });

  it('prevents subframe navigation and webviews', () => {
    const fake = fakeContents();
    hardenWebContents(fake.contents, async () => false);
    expect(fake.prevented('will-frame-navigate', { isMainFrame: false, url: 'app://dropstream/index.html' })).toBe(true);
    expect(fake.prevented('will-attach-webview')).toBe(true);
  });
});

describe('session lock-down', () => {
  function fakeSession() {
    const handlers: Record<string, Handler> = {};
    const session = {
      setPermissionRequestHandler: (handler: Handler) => void (handlers.request = handler),
      setPermissionCheckHandler: (handler: Handler) => void (handlers.check = handler),
      setDevicePermissionHandler: (handler: Handler) => void (handlers.device = handler),
      webRequest: { onHeadersReceived: (handler: Handler) => void (handlers.headers = handler) },
    } as unknown as Session;
    return { session, handlers };
  }

  it.each(['media', 'notifications', 'geolocation', 'clipboard-read', 'openExternal', 'hid'])('denies a %s permission request', (permission) => {
    const { session, handlers } = fakeSession();
    hardenSession(session);
    const answers: boolean[] = [];
    handlers.request?.({}, permission, (granted: boolean) => answers.push(granted));
    expect(answers).toEqual([false]);
    expect(handlers.check?.({}, permission)).toBe(false);
    expect(handlers.device?.({})).toBe(false);
  });

  it('adds the CSP header to every response', () => {
    const { session, handlers } = fakeSession();
    hardenSession(session);
    let headers: Record<string, string[]> = {};
    handlers.headers?.({ responseHeaders: { 'Content-Type': ['text/html'] } }, (response: { responseHeaders: Record<string, string[]> }) => (headers = response.responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([HEADER_CSP]);
    expect(headers['Content-Type']).toEqual(['text/html']);
  });
});
