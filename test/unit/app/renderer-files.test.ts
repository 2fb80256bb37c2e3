// app:// requests against the built renderer folder: what a URL resolves to (posix and Windows
// paths), what the answer carries, and that no spelling of a path reaches a file outside the folder.
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HEADER_CSP } from '../../../main/app/content-security-policy.ts';
import { answerRendererRequest, APP_ORIGIN, resolveRendererFile } from '../../../main/app/renderer-files.ts';

const ROOT = '/opt/dropstream/resources/app.asar/out/renderer';
const WIN_ROOT = 'C:\\Users\\ops\\AppData\\Local\\Programs\\dropstream\\resources\\app.asar\\out\\renderer';

const resolve = (url: string) => resolveRendererFile(url, ROOT, path.posix);
const resolveWin = (url: string) => resolveRendererFile(url, WIN_ROOT, path.win32);

describe('resolving an app:// URL', () => {
  it.each([
    ['app://dropstream/', 'index.html', 'text/html; charset=utf-8'],
    ['app://dropstream', 'index.html', 'text/html; charset=utf-8'],
    ['app://dropstream/index.html?x=1#/setup', 'index.html', 'text/html; charset=utf-8'],
    ['app://dropstream/assets/index-C3d5iEGN.js', 'assets/index-C3d5iEGN.js', 'text/javascript; charset=utf-8'],
    ['app://dropstream/assets/index-C4xHFwW-.css', 'assets/index-C4xHFwW-.css', 'text/css; charset=utf-8'],
    ['app://dropstream/assets/logo.svg', 'assets/logo.svg', 'image/svg+xml'],
    ['app://dropstream/assets/tray.PNG', 'assets/tray.PNG', 'image/png'],
    ['app://dropstream/assets/inter-latin.woff2', 'assets/inter-latin.woff2', 'font/woff2'],
    ['app://dropstream/favicon.ico', 'favicon.ico', 'image/x-icon'],
    ['app://dropstream/assets/data.bin', 'assets/data.bin', 'application/octet-stream'],
    ['app://dropstream/assets/with%20space.js', 'assets/with space.js', 'text/javascript; charset=utf-8'],
  ])('%s is %s as %s', (url, file, contentType) => {
    expect(resolve(url)).toEqual({ kind: 'file', path: `${ROOT}/${file}`, contentType });
  });

  it('joins Windows paths with backslashes under the install folder', () => {
    expect(resolveWin('app://dropstream/assets/index.js')).toEqual({ kind: 'file', path: `${WIN_ROOT}\\assets\\index.js`, contentType: 'text/javascript; charset=utf-8' });
  });

  it.each([
    'app://evil/index.html',
    'app://DropStream/index.html',
    'app://dropstream:8080/index.html',
    'app://user@dropstream/index.html',
    'app://user:pw@dropstream/index.html',
    'app:///etc/passwd',
    'app:/etc/passwd',
    'file:///opt/dropstream/resources/app.asar/out/renderer/index.html',
    'https://dropstream/index.html',
    'not a url',
  ])('%s is not the app origin: 404', (url) => {
    expect(resolve(url)).toMatchObject({ kind: 'refused', status: 404 });
  });

  // Dot segments, plain or percent-encoded, are removed by the URL parser (Chromium's and Node's
  // alike) before we see the path: they can at most climb to the root, never above it.
  it.each([
    ['app://dropstream/../../../etc/passwd', 'etc/passwd'],
    ['app://dropstream/assets/../../main/index.js', 'main/index.js'],
    ['app://dropstream/%2e%2e/%2E%2e/main/index.js', 'main/index.js'],
    ['app://dropstream/.%2e/index.html', 'index.html'],
  ])('%s stays inside the folder (%s)', (url, file) => {
    expect(resolve(url)).toMatchObject({ kind: 'file', path: `${ROOT}/${file}` });
  });

  it.each([
    ['app://dropstream/..%2f..%2fmain%2findex.js', 'dot segment or hidden file'],
    ['app://dropstream/%2e%2e%2fmain/index.js', 'dot segment or hidden file'],
    ['app://dropstream/assets%2f..%2f..%2fmain/index.js', 'separator in a segment'],
    ['app://dropstream/..%5c..%5cmain%5cindex.js', 'dot segment or hidden file'],
    ['app://dropstream/assets%5cindex.js', 'separator in a segment'],
    ['app://dropstream/..\\..\\main\\index.js', 'backslash'],
    ['app://dropstream/assets\\index.js', 'backslash'],
    ['app://dropstream/%2Fetc/passwd', 'separator in a segment'],
    ['app://dropstream/C:/Windows/win.ini', 'separator in a segment'],
    ['app://dropstream/C%3A%5CWindows%5Cwin.ini', 'separator in a segment'],
    ['app://dropstream/index.html:secret', 'separator in a segment'],
    ['app://dropstream/index.html%00.png', 'control character'],
    ['app://dropstream/.git/config', 'dot segment or hidden file'],
    ['app://dropstream/.env', 'dot segment or hidden file'],
    ['app://dropstream/index.html.', 'trailing dot or space'],
    ['app://dropstream/index.html%20', 'trailing dot or space'],
    ['app://dropstream/CON', 'device name'],
    ['app://dropstream/assets/nul.txt', 'device name'],
    ['app://dropstream/COM1.js', 'device name'],
    ['app://dropstream/lpt%C2%B9', 'device name'],
    ['app://dropstream/%E0%A4%A', 'malformed percent-encoding'],
    ['app://dropstream/%zz', 'malformed percent-encoding'],
  ])('%s is refused: %s', (url, reason) => {
    expect(resolve(url)).toEqual({ kind: 'refused', status: 403, reason });
    expect(resolveWin(url)).toEqual({ kind: 'refused', status: 403, reason });
  });

  it.each(['app://dropstream//etc/passwd', 'app://dropstream/assets/', 'app://dropstream/assets//index.js'])('%s names a directory or an empty name: 404', (url) => {
    expect(resolve(url)).toMatchObject({ kind: 'refused', status: 404, reason: 'empty segment' });
  });

  it('decodes once: a double-encoded dot-dot is a plain (missing) file name inside the folder', () => {
    expect(resolve('app://dropstream/%252e%252e/main/index.js')).toMatchObject({ kind: 'file', path: `${ROOT}/%2e%2e/main/index.js` });
  });

  it('never names a file outside the folder, whatever the path (posix and Windows)', () => {
    const piece = fc.constantFrom('..', '.', '%2e', '%2E', '%2f', '%2F', '%5c', '%5C', '\\', '/', '//', ':', 'C:', '%3a', '%00', '%', 'a', 'index.html', 'assets', ' ', '~', 'CON');
    const pathArb = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(fc.oneof(pathArb, fc.string({ unit: 'binary' })), (tail) => {
        for (const [result, root, paths] of [
          [resolve(`${APP_ORIGIN}/${tail}`), ROOT, path.posix],
          [resolveWin(`${APP_ORIGIN}/${tail}`), WIN_ROOT, path.win32],
        ] as const) {
          if (result.kind === 'refused') continue;
          const inside = paths.relative(root, result.path);
          expect(inside).not.toBe('');
          expect(inside.startsWith('..')).toBe(false);
          expect(paths.isAbsolute(inside)).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('answering a request', () => {
  const files: Record<string, string> = { [`${ROOT}/index.html`]: '<!doctype html>', [`${ROOT}/assets/app.js`]: 'export {};' };
  const reads: string[] = [];
  const readFileFake = async (file: string) => {
    reads.push(file);
    if (file === `${ROOT}/assets`) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (file === `${ROOT}/locked.js`) throw Object.assign(new Error('denied'), { code: 'EACCES' });
    const text = files[file];
    if (text === undefined) throw Object.assign(new Error('missing'), { code: 'ENOENT' });
    return new TextEncoder().encode(text);
  };
  // No links among these files: each resolves to itself.
  const answer = (url: string, method = 'GET') => answerRendererRequest({ url, method }, { root: ROOT, readFile: readFileFake, realpath: async (file) => file, paths: path.posix });

  it('serves a file with its content type, the strict CSP and nosniff', async () => {
    const response = await answer('app://dropstream/assets/app.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(HEADER_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    await expect(response.text()).resolves.toBe('export {};');
  });

  it('serves index.html for the root, and a HEAD without a body', async () => {
    await expect((await answer('app://dropstream/')).text()).resolves.toBe('<!doctype html>');
    const head = await answer('app://dropstream/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(head.body).toBeNull();
  });

  it.each([
    ['app://dropstream/missing.js', 404],
    ['app://dropstream/assets', 404],
    ['app://dropstream/locked.js', 500],
    ['app://other/index.html', 404],
    ['app://dropstream/..%2fmain%2findex.js', 403],
  ])('%s answers %i, still under the CSP', async (url, status) => {
    const response = await answer(url);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-security-policy')).toBe(HEADER_CSP);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await response.text()).not.toContain(ROOT);
  });

  it('reads nothing for a refused request', async () => {
    reads.length = 0;
    await answer('app://dropstream/..%5cmain%5cindex.js');
    await answer('app://evil/index.html');
    expect(reads).toEqual([]);
  });

  it.each(['POST', 'PUT', 'DELETE', 'OPTIONS'])('refuses %s with 405', async (method) => {
    const response = await answer('app://dropstream/index.html', method);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('against a real folder', () => {
  // out/renderer next to a file it must never serve, as in the app's own out/ folder.
  const out = mkdtempSync(path.join(tmpdir(), 'renderer-files-'));
  const root = path.join(out, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  mkdirSync(path.join(out, 'main'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>ours</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'export {};');
  writeFileSync(path.join(out, 'main', 'index.js'), 'SECRET main bundle');
  writeFileSync(path.join(out, 'renderer-secret.txt'), 'SECRET sibling');
  // Links planted inside the build, to a file and to a folder outside it (the data folder, say),
  // and one that stays inside, which is still served.
  symlinkSync(path.join(out, 'main', 'index.js'), path.join(root, 'assets', 'leak.js'));
  symlinkSync(path.join(out, 'main'), path.join(root, 'outside'));
  symlinkSync(path.join(root, 'assets', 'app.js'), path.join(root, 'assets', 'app-latest.js'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  // As the app wires it (main/app/index.ts).
  const answer = (url: string) => answerRendererRequest(new Request(url), { root, readFile: (file) => readFile(file), realpath: (file) => realpath(file) });

  it('serves the page and its assets, also through a link that stays inside the folder', async () => {
    await expect((await answer('app://dropstream/')).text()).resolves.toContain('<title>ours</title>');
    await expect((await answer('app://dropstream/assets/app.js')).text()).resolves.toBe('export {};');
    const linked = await answer('app://dropstream/assets/app-latest.js');
    expect(linked.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    await expect(linked.text()).resolves.toBe('export {};');
  });

  it.each(['app://dropstream/assets/leak.js', 'app://dropstream/outside/index.js'])('%s, a link out of the folder, is refused with 403', async (url) => {
    const response = await answer(url);
    expect(response.status).toBe(403);
    expect(response.headers.get('content-security-policy')).toBe(HEADER_CSP);
    expect(await response.text()).not.toContain('SECRET');
  });

  it.each([
    'app://dropstream/../main/index.js',
    'app://dropstream/%2e%2e/main/index.js',
    'app://dropstream/..%2fmain%2findex.js',
    'app://dropstream/..%2frenderer-secret.txt',
    'app://dropstream/..%5crenderer-secret.txt',
    'app://dropstream/assets/..%2f..%2fmain/index.js',
    `app://dropstream/${encodeURIComponent(path.join(out, 'main', 'index.js'))}`,
    `app://dropstream/${path.join(out, 'main', 'index.js')}`,
    'app://dropstream/missing.js',
    'app://dropstream/assets/',
  ])('%s gets 403 or 404, never the file outside', async (url) => {
    const response = await answer(url);
    expect([403, 404]).toContain(response.status);
    expect(await response.text()).not.toContain('SECRET');
  });
});
