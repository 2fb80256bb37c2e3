// Serves the built renderer alone (no engine, no token), for browser tests of the page itself.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveStatic } from '../../main/headless/static-files.ts';

export async function serveDirectory(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    void serveStatic(root, new URL(req.url ?? '/', 'http://localhost').pathname, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
