import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { connect as netConnect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../acumatica-sim/index.ts';
import { startHarness, type Harness } from './support.ts';

let h: Harness;
let proxy: { server: Server; url: string; tunnels: string[] } | null = null;

afterEach(async () => {
  await h?.close();
  if (proxy) await new Promise<void>((resolve) => proxy?.server.close(() => resolve()));
  proxy = null;
});

/** A minimal HTTPS proxy: CONNECT tunnels only, recording each target. */
async function startConnectProxy(): Promise<{ server: Server; url: string; tunnels: string[] }> {
  const tunnels: string[] = [];
  const server = createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = netConnect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, tunnels };
}

describe('TLS', () => {
  it('trusts an internal CA given as PEM or as a file', async () => {
    h = await startHarness({ https: true, virtualDirectory: '/AcumaticaERP' });
    expect(h.sim.baseUrl).toMatch(/^https:/);
    expect((await h.conn.entities.listSalesOrders({ top: 2 })).records).toHaveLength(2);

    const dir = mkdtempSync(join(tmpdir(), 'ds-ca-'));
    const file = join(dir, 'internal-ca.pem');
    writeFileSync(file, h.sim.caPem ?? '');
    const viaFile = h.connect({ extraCaPem: undefined, extraCaFile: file });
    expect((await viaFile.entities.listStockItems({ top: 1 })).records).toHaveLength(1);
  });

  it('refuses a server whose CA it does not know, without retrying, and says what to do', async () => {
    h = await startHarness({ https: true });
    const untrusting = h.connect({ extraCaPem: undefined });
    const error = await untrusting.tokens.getAccessToken().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network', retryable: false, message: expect.stringContaining('CA file') });
    expect(h.sim.inspect.count()).toBe(0);

    const other = await startSimulator({ https: true });
    try {
      const wrongCa = h.connect({ extraCaPem: other.caPem ?? undefined });
      await expect(wrongCa.entities.listSalesOrders({ top: 1 })).rejects.toMatchObject({ kind: 'network', retryable: false });
    } finally {
      await other.stop();
    }
  });
});

describe('proxies', () => {
  it('tunnels through the configured HTTPS proxy, and bypasses it for NO_PROXY hosts', async () => {
    h = await startHarness({ https: true });
    proxy = await startConnectProxy();
    const proxied = h.connect({ proxy: { httpsProxy: proxy.url, httpProxy: proxy.url, noProxy: '' } });
    await proxied.entities.listSalesOrders({ top: 1 });
    expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    expect(proxy.tunnels.every((t) => t === `127.0.0.1:${h.sim.port}`)).toBe(true);

    const before = proxy.tunnels.length;
    const bypassing = h.connect({ proxy: { httpsProxy: proxy.url, httpProxy: proxy.url, noProxy: '127.0.0.1' } });
    await bypassing.entities.listSalesOrders({ top: 1 });
    expect(proxy.tunnels.length).toBe(before);
  });

  it('reads HTTPS_PROXY and NO_PROXY from the environment by default', async () => {
    h = await startHarness({ https: true });
    proxy = await startConnectProxy();
    const saved = { HTTPS_PROXY: process.env.HTTPS_PROXY, NO_PROXY: process.env.NO_PROXY, https_proxy: process.env.https_proxy, no_proxy: process.env.no_proxy };
    try {
      delete process.env.https_proxy;
      delete process.env.no_proxy;
      process.env.HTTPS_PROXY = proxy.url;
      process.env.NO_PROXY = 'example.invalid';
      const fromEnv = h.connect({ proxy: undefined });
      await fromEnv.entities.listSalesOrders({ top: 1 });
      expect(proxy.tunnels.length).toBeGreaterThanOrEqual(1);
    } finally {
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
