// The packaged UI is served from app://dropstream/ (renderer-protocol.ts), not file://: a file://
// page may read any file: URL and shares one origin with every other file (Electron security
// checklist, item 18: https://www.electronjs.org/docs/latest/tutorial/security). This module says
// which file of the built renderer folder a request names, and answers it; it never names a file
// outside that folder, nor follows a link out of it. No electron here, so the tests drive it with
// plain Requests.
import path from 'node:path';
import { contentTypeOf } from '../files/content-types.ts';
import { rendererFilePath, rendererRealPath, type RealPath } from '../files/renderer-path.ts';
import { HEADER_CSP } from './content-security-policy.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'dropstream';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/**
 * True when `url` is on the app's origin: our scheme and host exactly, with no port and no
 * credentials. Node gives a non-special scheme the opaque origin "null", so the parts are
 * compared instead of `url.origin`. Chromium lower-cases a standard scheme's host before a
 * request reaches main, so any other spelling is not ours.
 */
export function isAppOrigin(url: URL): boolean {
  return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST && url.username === '' && url.password === '';
}

export type RendererFile =
  | { kind: 'file'; path: string; contentType: string }
  | { kind: 'refused'; status: 403 | 404; reason: string };

/**
 * The file an app:// URL names inside `root`, the built renderer folder, or why none, by the rule
 * the headless service shares (main/files/renderer-path.ts). There is no fallback page (the UI
 * routes in the hash). `paths` is node:path's flavour for the platform (tests pass win32 and posix).
 */
export function resolveRendererFile(url: string, root: string, paths: path.PlatformPath = path): RendererFile {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { kind: 'refused', status: 404, reason: 'not a URL' };
  }
  if (!isAppOrigin(parsed)) return { kind: 'refused', status: 404, reason: 'not the app origin' };

  const target = rendererFilePath(parsed.pathname, root, paths);
  return target.kind === 'file' ? { ...target, contentType: contentTypeOf(target.path) } : target;
}

export interface RendererFilesOptions {
  /** The built renderer folder (out/renderer, inside app.asar when packaged). */
  root: string;
  readFile: (file: string) => Promise<Uint8Array>;
  /** Resolves links, so that one inside the build cannot lead out of it (renderer-path.ts). */
  realpath: RealPath;
  paths?: path.PlatformPath;
}

/**
 * The response to a request on app://. Every answer, error pages included, carries the strict
 * CSP: Electron's webRequest header hooks do not run for custom schemes
 * (https://github.com/electron/electron/issues/6021), so the header is set here. nosniff keeps
 * Chromium from running a file as a type it was not served as.
 */
export async function answerRendererRequest(request: Pick<Request, 'method' | 'url'>, options: RendererFilesOptions): Promise<Response> {
  const headers = { 'Content-Security-Policy': HEADER_CSP, 'X-Content-Type-Options': 'nosniff' };
  const plain = (status: number, text: string, extra: Record<string, string> = {}) =>
    new Response(request.method === 'HEAD' ? null : text, { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8', ...extra } });

  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed', { Allow: 'GET, HEAD' });
  const target = resolveRendererFile(request.url, options.root, options.paths);
  if (target.kind === 'refused') return plain(target.status, target.status === 404 ? 'Not found' : 'Forbidden');

  let body: Uint8Array;
  try {
    const file = await rendererRealPath(options.root, target.path, options.realpath, options.paths);
    if (file === null) return plain(403, 'Forbidden');
    body = await options.readFile(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return plain(404, 'Not found');
    return plain(500, 'Could not read the file');
  }
  return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: { ...headers, 'Content-Type': target.contentType } });
}
