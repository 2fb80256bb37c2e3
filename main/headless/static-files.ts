// Serves the built renderer. Only files below the root, named as the desktop window's would be;
// index.html gets the same strict CSP the Electron window enforces, and no page is ever cached or
// allowed in a frame.
import { readFile, realpath } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { HEADER_CSP } from '../app/content-security-policy.ts';
import { contentTypeOf } from '../files/content-types.ts';
import { rendererFilePath, rendererRealPath } from '../files/renderer-path.ts';

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

/**
 * Answers a GET or HEAD for `pathname` (as the URL parser leaves it) from `root`, the built
 * renderer folder. Which names may be asked for, and that a symlink in the folder is followed only
 * as far as the folder itself, are the rules the desktop window's app:// scheme follows too
 * (renderer-path.ts).
 */
export async function serveStatic(root: string, pathname: string, res: ServerResponse): Promise<void> {
  const plain = (status: number, text: string) => res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' }).end(text);
  const target = rendererFilePath(pathname, root);
  if (target.kind === 'refused') {
    if (target.reason === 'malformed percent-encoding') return void plain(400, 'Bad request: the path is not valid percent-encoding.');
    return void plain(target.status, target.status === 404 ? 'Not found' : 'Forbidden');
  }
  let body: Buffer;
  try {
    const file = await rendererRealPath(root, target.path, realpath);
    if (file === null) return void plain(403, 'Forbidden');
    body = await readFile(file);
  } catch {
    return void plain(404, 'Not found');
  }
  const isHtml = extname(target.path) === '.html';
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'content-type': contentTypeOf(target.path),
    'cache-control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
  });
  res.end(body);
}
