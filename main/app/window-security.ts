// Lock-down applied to every web contents and to the session, whatever page is showing
// (Electron security checklist: https://www.electronjs.org/docs/latest/tutorial/security).
// The UI never needs a new window, a navigation, a webview or a device permission, so all are
// refused outright rather than filtered: it routes in the URL's hash, and neither a hash change nor
// a reload emits will-navigate.
import type { Session, WebContents } from 'electron';
import { HEADER_CSP } from './content-security-policy.ts';
import type { OpenExternal } from './external-links.ts';

/** No popups and no navigation; an https link the allow-list knows opens in the browser instead. */
export function hardenWebContents(contents: WebContents, openExternal: OpenExternal): void {
  contents.setWindowOpenHandler(({ url }) => {
    void openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => event.preventDefault());
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
