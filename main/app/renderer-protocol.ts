// The app:// scheme in Electron: its privileges (declared before `ready`) and its handler (after).
// Which file a request gets is decided in renderer-files.ts.
import type { CustomScheme, Protocol } from 'electron';
import { answerRendererRequest, APP_SCHEME, type RendererFilesOptions } from './renderer-files.ts';

/**
 * As few privileges as the UI needs (https://www.electronjs.org/docs/latest/api/protocol#protocolregisterschemesasprivilegedcustomschemes):
 * - standard: the page gets a real origin (app://dropstream), so `'self'` in the CSP, relative
 *   asset URLs and sessionStorage (which main.tsx reads at start) work;
 * - secure: a secure context, like https.
 * Nothing else: no bypassCSP; no corsEnabled or supportFetchAPI (the page loads only its own
 * same-origin script and stylesheet and fetches nothing, its data comes over IPC), no service
 * workers, no stream, no code cache, no extensions.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = { scheme: APP_SCHEME, privileges: { standard: true, secure: true } };

/** Must run before the app's `ready` event, and only once (an Electron rule). */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/** After `ready`: answer app:// from the built renderer folder, and from nothing else. */
export function serveRenderer(protocol: Pick<Protocol, 'handle'>, options: RendererFilesOptions): void {
  protocol.handle(APP_SCHEME, (request) => answerRendererRequest(request, options));
}
