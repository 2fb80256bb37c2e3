import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { runCli, startCli } from '../../support/run-cli.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ orders: 100 });
});
afterAll(() => sim.stop());

describe('service mode (`connector run`)', () => {
  it('serves the API behind its token, syncs, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ds-service-'));
    const env = { DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 5).toString('base64') };
    const setup = await runCli(['setup', '--instance-url', sim.baseUrl, '--client-id', sim.credentials.clientId, '--username', sim.credentials.username], {
      ...env,
      DROPSTREAM_CLIENT_SECRET: sim.credentials.clientSecret,
      DROPSTREAM_PASSWORD: sim.credentials.password,
    });
    expect(setup.code, setup.stderr).toBe(0);

    const service = startCli(['run'], env);
    let stdout = '';
    service.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const url = await new Promise<URL>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${stdout}`)), 15_000);
      service.stdout!.on('data', () => {
        const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(new URL(match[0]));
        }
      });
    });
    const token = url.searchParams.get('token')!;
    const api = async (method: string) => {
      const res = await request(`${url.origin}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
      return (await res.body.json()) as { ok: boolean; value: { connection: { kind: string }; counts: { ordersTotal: number } } };
    };
    // The first cycle starts by itself; wait for its orders.
    let status = await api('getStatus');
    for (let i = 0; i < 50 && status.value.counts.ordersTotal === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      status = await api('getStatus');
    }
    expect(status.ok).toBe(true);
    expect(status.value.counts.ordersTotal).toBeGreaterThan(0);
    expect((await request(`${url.origin}/api/getStatus`, { method: 'POST' })).statusCode).toBe(401);

    const exited = new Promise<number | null>((resolve) => service.once('close', resolve));
    service.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('Stopped.');
  });
});
