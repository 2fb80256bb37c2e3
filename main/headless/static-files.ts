// Serves the built renderer. Only files below the root; index.html gets the same strict CSP the
// Electron window enforces, and no page is ever cached or allowed in a frame.
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { HEADER_CSP } from '../app/content-security-policy.ts';
import { contentTypeOf } from '../files/content-types.ts';

export const SECURITY_HEADERS: Record<string, string> = {
  // The policy the desktop window's pages get, in its header form (with frame-ancestors).
  'content-security-policy': HEADER_CSP,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  // The page's first URL carries the launch token: never let it travel in a Referer header.
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

export async function serveStatic(root: string, pathname: string, res: ServerResponse): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    res.writeHead(400, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end('Bad request: the path is not valid percent-encoding.');
    return;
  }
  const relative = normalize(decoded);
  const file = join(root, relative);
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) {
    res.writeHead(403, SECURITY_HEADERS).end();
    return;
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    res.writeHead(404, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  const isHtml = extname(file) === '.html';
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': contentTypeOf(file),
    'cache-control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
  });
  res.end(body);
}
