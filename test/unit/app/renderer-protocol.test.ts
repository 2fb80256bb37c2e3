// The app:// scheme's Electron wiring, driven with a recording fake of `protocol`.
import type { CustomScheme, Protocol } from 'electron';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEADER_CSP } from '../../../main/app/content-security-policy.ts';
import { registerAppScheme, serveRenderer } from '../../../main/app/renderer-protocol.ts';

type Handler = Parameters<Protocol['handle']>[1];

function fakeProtocol() {
  const privileged: CustomScheme[][] = [];
  const handlers = new Map<string, Handler>();
  const protocol = {
    registerSchemesAsPrivileged: (schemes: CustomScheme[]) => void privileged.push(schemes),
    handle: (scheme: string, handler: Handler) => void handlers.set(scheme, handler),
  };
  return { protocol, privileged, handlers };
}

describe('app:// scheme', () => {
  it('is registered once as standard and secure, and with no other privilege', () => {
    const fake = fakeProtocol();
    registerAppScheme(fake.protocol);
    // Exactly these keys: bypassCSP, corsEnabled, supportFetchAPI, allowServiceWorkers, stream,
    // codeCache and allowExtensions all stay at their default, false.
    expect(fake.privileged).toEqual([[{ scheme: 'app', privileges: { standard: true, secure: true } }]]);
  });

  it('is answered from the renderer folder only, with the CSP header', async () => {
    const fake = fakeProtocol();
    const reads: string[] = [];
    serveRenderer(fake.protocol, {
      root: '/app/out/renderer',
      paths: path.posix,
      realpath: async (file) => file,
      readFile: async (file) => {
        reads.push(file);
        if (file !== '/app/out/renderer/index.html') throw Object.assign(new Error('missing'), { code: 'ENOENT' });
        return new TextEncoder().encode('<!doctype html>');
      },
    });
    expect([...fake.handlers.keys()]).toEqual(['app']);
    const handle = fake.handlers.get('app')!;

    const page = await handle(new Request('app://dropstream/index.html'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(HEADER_CSP);
    await expect(page.text()).resolves.toBe('<!doctype html>');

    expect((await handle(new Request('app://dropstream/..%2fmain%2findex.js'))).status).toBe(403);
    expect((await handle(new Request('app://elsewhere/index.html'))).status).toBe(404);
    expect((await handle(new Request('app://dropstream/nope.js'))).status).toBe(404);
    expect(reads).toEqual(['/app/out/renderer/index.html', '/app/out/renderer/nope.js']);
  });
});
