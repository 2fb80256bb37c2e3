// The built renderer over real HTTP: static files need no launch token, so every request is
// answered from inside the build folder or refused, by the same rules as the desktop window's
// app:// scheme (main/files/renderer-path.ts), and a symlink never leads out of the folder.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER_CSP } from '../../../main/app/content-security-policy.ts';
import type { EngineHandlers } from '../../../main/engine/dispatch.ts';
import { startService, type RunningService } from '../../../main/headless/server.ts';

// A build folder (as out/renderer) beside secrets it must never serve: the data folder's files.
const base = mkdtempSync(join(tmpdir(), 'ds-static-'));
const root = join(base, 'renderer');
const outside = join(base, 'data');
mkdirSync(join(root, 'assets'), { recursive: true });
mkdirSync(outside);
writeFileSync(join(root, 'index.html'), '<!doctype html><title>ours</title>');
writeFileSync(join(root, 'assets', 'app.js'), 'export {};');
writeFileSync(join(outside, 'vault.key'), 'SECRET key file');
// Names a build never holds, planted to show they are refused before any file is read (on
// Windows each would open a device, a hidden file, or an alternate data stream of index.html).
for (const name of ['con', 'nul', 'com1.js', 'index.html::$DATA', '.env', 'index.html.']) writeFileSync(join(root, name), `SECRET ${name}`);
mkdirSync(join(root, '.git'));
writeFileSync(join(root, '.git', 'config'), 'SECRET git config');
// Links planted inside the build folder, to a file and to a folder outside it.
symlinkSync(join(outside, 'vault.key'), join(root, 'assets', 'leak.js'));
symlinkSync(outside, join(root, 'data'));
// A link that stays inside the folder is still served.
symlinkSync(join(root, 'assets', 'app.js'), join(root, 'assets', 'app-latest.js'));

let service: RunningService;
beforeAll(async () => {
  service = await startService({ rendererDir: root, handlers: {} as EngineHandlers, subscribe: () => () => {} });
});
afterAll(async () => {
  await service.close();
  rmSync(base, { recursive: true, force: true });
});

const get = (path: string) => request(`${service.origin}${path}`);

describe('the built renderer, without the launch token', () => {
  it('serves the page and its assets, also through a link that stays inside the folder', async () => {
    const page = await get('/');
    expect(page.statusCode).toBe(200);
    expect(await page.body.text()).toContain('<title>ours</title>');
    for (const path of ['/assets/app.js', '/assets/app-latest.js']) {
      const asset = await get(path);
      expect(asset.statusCode).toBe(200);
      expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(await asset.body.text()).toBe('export {};');
    }
  });

  it.each([
    '/con',
    '/CON',
    '/nul',
    '/com1.js',
    '/assets/NUL.txt',
    '/index.html::$DATA',
    '/index.html%3A%3A%24DATA',
    '/.env',
    '/.git/config',
    '/index.html.',
    '/index.html%20',
    '/index.html%00.png',
    '/assets%2fapp.js',
    '/assets%5capp.js',
  ])('%s is refused with 403, under the same headers as a page', async (path) => {
    const res = await get(path);
    expect(res.statusCode).toBe(403);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe(HEADER_CSP);
    expect(await res.body.text()).not.toContain('SECRET');
  });

  it.each(['/assets/leak.js', '/data/vault.key'])('%s, a link out of the folder, is not followed', async (path) => {
    const res = await get(path);
    expect([403, 404]).toContain(res.statusCode);
    expect(await res.body.text()).not.toContain('SECRET');
  });

  it('answers a missing file or a folder with 404', async () => {
    for (const path of ['/missing.js', '/assets', '/assets/']) expect((await get(path)).statusCode).toBe(404);
  });
});
