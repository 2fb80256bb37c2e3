import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

    // `status` beside it knows the service runs; a second one on the same folder is refused.
    const beside = await runCli(['status'], env);
    expect(beside.stdout).toContain(`Service: running since `);
    expect(beside.stdout).toContain(`(process ${service.pid}, port ${url.port})`);
    const second = await runCli(['run'], env);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`A service is already running on .* \\(process ${service.pid}, port ${url.port}, since .*\\)\\. Stop it first`));
    expect(readFileSync(join(dataDir, 'service.json'), 'utf8')).not.toContain(token);

    const exited = new Promise<number | null>((resolve) => service.once('close', resolve));
    service.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('Stopped.');
    expect(existsSync(join(dataDir, 'service.json'))).toBe(false);
    expect((await runCli(['status'], env)).stdout).toContain('Service: "connector run" is not running on this data folder');
  });

  it('takes a marker a dead or foreign process left for what it is: no service', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ds-service-stale-'));
    const env = { DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 6).toString('base64') };
    expect((await runCli(['config', 'set', 'pageSize', '100'], env)).code).toBe(0);
    const marker = (pid: number, port: number) => writeFileSync(join(dataDir, 'service.json'), JSON.stringify({ pid, port, startedAt: '2026-01-01T00:00:00.000Z' }));
    // A power cut: the process is gone. Then a process id reused by another program (this test
    // runner) on a port where something else answers (the simulator).
    for (const [pid, port] of [[2 ** 22 + 17, Number(new URL(sim.baseUrl).port)], [process.pid, Number(new URL(sim.baseUrl).port)]] as const) {
      marker(pid, port);
      expect((await runCli(['status'], env)).stdout).toContain('Service: "connector run" is not running on this data folder');
    }
    // And `run` starts over it (it would be refused if the marker were taken as a live service).
    const service = startCli(['run'], env);
    let stdout = '';
    service.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => service.once('close', resolve));
    for (let i = 0; i < 100 && !stdout.includes('is running'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stdout).toContain('DropStream Connector is running');
    expect(JSON.parse(readFileSync(join(dataDir, 'service.json'), 'utf8'))).toMatchObject({ pid: service.pid });
    service.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
