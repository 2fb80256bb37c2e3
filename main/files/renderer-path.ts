// Which file of the built renderer folder a URL path names, for both places that serve that
// folder: the desktop window's app:// scheme (main/app/renderer-files.ts) and the headless
// service (main/headless/static-files.ts), whose files any local program may ask for without the
// launch token. One rule for both, so a name refused in one is refused in the other; and one
// check that a link inside the build leads nowhere outside it, which only the service had.
import path from 'node:path';

export type RendererPath = { kind: 'file'; path: string } | { kind: 'refused'; status: 403 | 404; reason: string };

/**
 * Names that Windows maps to a device in any folder and with any extension (`CON`, `nul.txt`,
 * `COM1.js`): reading one would open the device, not a file.
 * https://learn.microsoft.com/windows/win32/fileio/naming-a-file#naming-conventions
 */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|conin\$|conout\$|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;

/** Why a decoded path segment cannot name a file of the build, or null when it can. */
function segmentProblem(segment: string): string | null {
  if (segment === '') return 'empty segment';
  if (segment.startsWith('.')) return 'dot segment or hidden file';
  // A slash or backslash would add a level the URL did not have; a colon is a drive or an
  // NTFS alternate data stream; control characters (NUL above all) end or confuse a file name.
  if (/[/\\:]/.test(segment)) return 'separator in a segment';
  if ([...segment].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) return 'control character';
  // Windows drops trailing dots and spaces, so `index.html.` would reach `index.html` by a
  // name nothing in the build has.
  if (/[. ]$/.test(segment)) return 'trailing dot or space';
  if (WINDOWS_DEVICE.test(segment)) return 'device name';
  return null;
}

/** True when `file` is below `folder` (not the folder itself), by `paths`' rules for the platform. */
function isBelow(folder: string, file: string, paths: path.PlatformPath = path): boolean {
  const inside = paths.relative(folder, file);
  return inside !== '' && !inside.startsWith('..') && !paths.isAbsolute(inside);
}

/**
 * The file a URL's path (as a URL parser leaves it: dot segments removed, still percent-encoded)
 * names inside `root`, the built renderer folder, or why none. `/` is index.html; there is no
 * other directory index. `paths` is node:path's flavour for the platform (tests pass win32 and
 * posix). This looks at names only, and reads nothing: rendererRealPath then checks the links.
 */
export function rendererFilePath(pathname: string, root: string, paths: path.PlatformPath = path): RendererPath {
  const named = pathname === '' || pathname === '/' ? '/index.html' : pathname;
  const segments: string[] = [];
  for (const raw of named.slice(1).split('/')) {
    // An http URL's parser (and Chromium's, for a standard scheme like app://) has turned `\`
    // into `/` already; Node's URL leaves it in app://: refuse it rather than guess which
    // separator was meant.
    if (raw.includes('\\')) return { kind: 'refused', status: 403, reason: 'backslash' };
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { kind: 'refused', status: 403, reason: 'malformed percent-encoding' };
    }
    const problem = segmentProblem(segment);
    if (problem) return { kind: 'refused', status: problem === 'empty segment' ? 404 : 403, reason: problem };
    segments.push(segment);
  }

  // Each segment is a plain name by now, so this cannot leave the root; the check stays so that
  // a future edit above cannot quietly change that.
  const base = paths.resolve(root);
  const file = paths.resolve(base, ...segments);
  if (!isBelow(base, file, paths)) return { kind: 'refused', status: 403, reason: 'outside the renderer folder' };
  return { kind: 'file', path: file };
}

/**
 * Resolves links: node:fs/promises' realpath. In Electron that one also resolves paths inside
 * app.asar, where the packaged build lives (Electron's asar fs wrapper).
 */
export type RealPath = (file: string) => Promise<string>;

/**
 * `file` (as rendererFilePath named it) with its links resolved, or null when that is not below
 * `root`'s own resolved path: a link inside the build (to the data folder, say) leads nowhere.
 * Read the returned path, not the link again. Rejects as `realpath` does (ENOENT: no such file).
 */
export async function rendererRealPath(root: string, file: string, realpath: RealPath, paths: path.PlatformPath = path): Promise<string | null> {
  const [real, folder] = await Promise.all([realpath(file), realpath(root)]);
  return isBelow(folder, real, paths) ? real : null;
}
