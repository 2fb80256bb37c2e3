// Lock-down applied to every web contents and to the session, whatever page is showing
// (Electron security checklist: https://www.electronjs.org/docs/latest/tutorial/security).
// The UI never needs a new window, a webview or a device permission, so all are refused outright.
// It routes in the URL's hash, which is no navigation; the one navigation it may make, a reload
// (or the dev server's full reload), stays on its own origin, and that origin is all that passes.
import type { Session, WebContents } from 'electron';
import { HEADER_CSP } from './content-security-policy.ts';
import type { OpenExternal } from './external-links.ts';

/**
 * No popups, and no navigation off our origin (`isOurOrigin`: app://dropstream, or the dev
 * server in development); an https link the allow-list knows opens in the browser instead.
 */
export function hardenWebContents(contents: WebContents, openExternal: OpenExternal, isOurOrigin: (url: string) => boolean): void {
  contents.setWindowOpenHandler(({ url }) => {
    void openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    if (!isOurOrigin(event.url)) event.preventDefault();
  });
  // A navigation allowed above must not be redirected elsewhere either.
  contents.on('will-redirect', (event) => {
    if (!isOurOrigin(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * Deny every permission (camera, notifications from the page, HID, serial...) and set the CSP
 * header on http(s) responses, which covers the dev server. webRequest does not see app://
 * responses: renderer-files.ts sets the same header on those itself.
 */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onHeadersReceived((details, callback) => {
    const responseHeaders = { ...details.responseHeaders, 'Content-Security-Policy': [HEADER_CSP] };
    callback({ responseHeaders });
  });
}
