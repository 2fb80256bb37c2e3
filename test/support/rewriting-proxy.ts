// A tiny HTTP server in front of the simulator that passes every exchange through and lets a test
// rewrite the JSON of list pages: records in shapes the simulator's own renderer never produces
// (a broken timestamp, a missing key, a page body that is not a list), over real HTTP.
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator } from '../acumatica-sim/index.ts';

/** Gets a list page's entity ('SalesOrder', ...) and parsed body; returns the text to send instead. */
export type PageRewrite = (entity: string, body: unknown) => string | undefined;

export interface RewritingProxy {
  /** The instance URL to configure: the simulator's, through the proxy. */
  baseUrl: string;
  rewrite: PageRewrite | null;
  stop(): Promise<void>;
}

const LIST_PATH = /\/entity\/Default\/[^/]+\/(SalesOrder|Shipment|StockItem)\?/;

export async function startRewritingProxy(sim: Simulator): Promise<RewritingProxy> {
  const target = new URL(sim.origin);
  const proxy: RewritingProxy = { baseUrl: '', rewrite: null, stop: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => parts.push(chunk));
          answer.on('end', () => {
            let body = Buffer.concat(parts);
            const entity = LIST_PATH.exec(req.url ?? '')?.[1];
            const rewrite = proxy.rewrite;
            if (entity && rewrite && answer.statusCode === 200) {
              const replaced = rewrite(entity, JSON.parse(body.toString('utf8')));
              if (replaced !== undefined) body = Buffer.from(replaced, 'utf8');
            }
            const headers: IncomingHttpHeaders = { ...answer.headers, 'content-length': String(body.length) };
            delete headers['transfer-encoding'];
            res.writeHead(answer.statusCode ?? 502, headers);
            res.end(body);
          });
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = new URL(sim.baseUrl);
  proxy.baseUrl = `http://127.0.0.1:${port}${base.pathname.replace(/\/$/, '')}`;
  proxy.stop = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return proxy;
}
