import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../../../main/store/index.ts';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { dashboardUrlFrom, runCli, setupWithCli, startCli } from '../../support/run-cli.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ orders: 100 });
});
afterAll(() => sim.stop());

describe('service mode (`connector run`)', () => {
  it('serves the API behind its token, syncs, and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ds-service-'));
    const env = { DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 5).toString('base64') };
    const setup = await setupWithCli(sim, env);
    expect(setup.code, setup.stderr).toBe(0);

    const service = startCli(['run'], env);
    let stdout = '';
    service.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const url = await new Promise<URL>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${stdout}`)), 15_000);
      service.stdout!.on('data', () => {
        const address = dashboardUrlFrom(stdout);
        if (address) {
          clearTimeout(timer);
          resolve(address);
        }
      });
    });
    const token = url.searchParams.get('token')!;
    // Its output goes to a pipe (a service manager's journal): the token is only in the file,
    // which only this user can read. Before, the whole address was printed.
    expect(stdout).not.toContain(token);
    expect(stdout).toContain(`DropStream Connector is running, its dashboard at ${url.origin}/. Open the address in ${join(dataDir, 'dashboard-address')} (readable by this user only)`);
    expect(statSync(join(dataDir, 'dashboard-address')).mode & 0o777).toBe(0o600);
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
    // And when the service will next sync: its plan, read off the lease (before, the JSON said null).
    // (While the first cycle still runs, that plan is the time it started, and is said to be now.)
    const nextSync = /Next sync: (?:now: the sync due at )?(\S+)/.exec(beside.stdout)?.[1];
    expect(Date.parse(nextSync!)).toBeGreaterThan(Date.now() - 5_000);
    const besideJson = JSON.parse((await runCli(['status', '--json'], env)).stdout) as { nextSyncAt: string | null };
    expect(Date.parse(besideJson.nextSyncAt!)).toBeGreaterThan(Date.now() - 5_000);
    const beside2 = await runCli(['sync', '--once', '--json'], env);
    expect(beside2.code).toBe(1);
    expect(JSON.parse(beside2.stdout)).toMatchObject({ error: { kind: 'busy', retryable: true } });
    expect(beside2.stderr).toContain(`Sync refused: The service ("connector run", process ${service.pid}, port ${url.port}, since `);
    const second = await runCli(['run'], env);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(new RegExp(`The service \\("connector run", process ${service.pid}, port ${url.port}, since .*\\) is already syncing this data folder\\. Stop it first`));

    const exited = new Promise<number | null>((resolve) => service.once('close', resolve));
    service.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toContain('Stopped.');
    // Its token opens nothing any more: the file goes with it.
    expect(existsSync(join(dataDir, 'dashboard-address'))).toBe(false);
    const after = await runCli(['status'], env);
    expect(after.stdout).toContain('Service: "connector run" is not running on this data folder');
    expect(after.stdout).toContain('Next sync: none: nothing syncs this data folder until "connector run" or the desktop app starts');
  });

  it('started on a folder not yet set up, starts syncing once `connector setup` runs beside it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ds-service-later-'));
    const env = { DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 8).toString('base64') };
    // A scripted install: the service is installed and started first, then set up. The shortest
    // interval keeps the wait for its next tick short.
    expect((await runCli(['config', 'set', 'pollIntervalSeconds', '15'], env)).code).toBe(0);
    const service = startCli(['run'], env);
    let stdout = '';
    service.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => service.once('close', resolve));
    try {
      for (let i = 0; i < 100 && dashboardUrlFrom(stdout) === null; i++) await new Promise((resolve) => setTimeout(resolve, 100));
      const url = dashboardUrlFrom(stdout)!;
      const setup = await setupWithCli(sim, env);
      expect(setup.code, setup.stderr).toBe(0);
      const ordersTotal = async () => {
        const res = await request(`${url.origin}/api/getStatus`, { method: 'POST', headers: { authorization: `Bearer ${url.searchParams.get('token')}`, 'content-type': 'application/json' } });
        return ((await res.body.json()) as { value: { counts: { ordersTotal: number } } }).value.counts.ordersTotal;
      };
      let total = 0;
      for (let i = 0; i < 50 && total === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        total = await ordersTotal();
      }
      expect(total).toBeGreaterThan(0);
    } finally {
      service.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('is refused while a `sync --once` runs on the same folder: one cycle at a time', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ds-service-once-'));
    const env = { DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 9).toString('base64') };
    // Its own instance: the API sessions the tests above left would reach the licence's limit.
    const sim = await startSimulator({ orders: 20 });
    try {
      const setup = await setupWithCli(sim, env);
      expect(setup.code, setup.stderr).toBe(0);
      // A long re-import (here: slow pages) started while the service was stopped, as its refusal says to.
      const slow = sim.faults.latency(6_000, { path: '/SalesOrder', times: Infinity });
      const once = startCli(['sync', '--once', '--since', '2020-01-01'], env);
      let onceStderr = '';
      once.stderr!.on('data', (chunk: Buffer) => (onceStderr += chunk.toString()));
      const onceExited = new Promise<number | null>((resolve) => once.once('close', resolve));
      try {
        const requestsBefore = sim.inspect.count();
        for (let i = 0; i < 100 && sim.inspect.count() === requestsBefore; i++) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(sim.inspect.count()).toBeGreaterThan(requestsBefore);

        // The service is started again before the re-import has finished: a second cycle beside it
        // could post a tracking number twice.
        const service = startCli(['run'], env);
        let stderr = '';
        service.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = new Promise<number | null>((resolve) => service.once('close', resolve));
        const code = await Promise.race([exited, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 4_000))]);
        if (code === 'running') {
          service.kill('SIGTERM');
          await exited;
        }
        expect(code).toBe(2);
        expect(stderr).toMatch(new RegExp(`"connector sync --once" \\(process ${once.pid}, since .*\\) is already syncing this data folder`));
        expect((await runCli(['status'], env)).stdout).toContain(`"connector sync --once" is syncing this data folder (process ${once.pid}`);
        expect(JSON.parse((await runCli(['status', '--json'], env)).stdout)).toMatchObject({ service: null, desktopApp: null, syncOnce: { pid: once.pid } });
      } finally {
        slow.remove();
        expect(await onceExited, onceStderr).toBe(0);
      }
      // Done, it leaves the folder free.
      expect((await runCli(['status'], env)).stdout).toContain('Service: "connector run" is not running on this data folder');
    } finally {
      await sim.stop();
    }
  });

  it('takes a lease a dead or frozen process left for what it is: no service', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ds-service-stale-'));
    const env = { DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 6).toString('base64') };
    expect((await runCli(['config', 'set', 'pageSize', '100'], env)).code).toBe(0);
    const leaveLease = (pid: number, heartbeatAt: number) => {
      const ledger = openLedger({ path: join(dataDir, 'ledger.sqlite') });
      ledger.pollerLease.claim({ holder: `left-by-${pid}`, kind: 'service', pid, port: 1, startedAt: heartbeatAt, heartbeatAt, nextSyncAt: null }, () => false);
      ledger.close();
    };
    // A power cut: the process is gone. Then a process id reused by another program (this test
    // runner) that never renews the lease.
    for (const [pid, heartbeatAt] of [[2 ** 22 + 17, Date.now()], [process.pid, Date.now() - 10 * 60_000]] as const) {
      leaveLease(pid, heartbeatAt);
      expect((await runCli(['status'], env)).stdout).toContain('Service: "connector run" is not running on this data folder');
    }
    // And `run` starts over it (it would be refused if the lease were taken as a live service).
    const service = startCli(['run'], env);
    let stdout = '';
    service.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => service.once('close', resolve));
    for (let i = 0; i < 100 && !stdout.includes('is running'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stdout).toContain('DropStream Connector is running');
    const status = JSON.parse((await runCli(['status', '--json'], env)).stdout) as { service: { pid: number } | null; desktopApp: unknown };
    expect(status).toMatchObject({ service: { pid: service.pid }, desktopApp: null });
    service.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('lets only one of two services started in the same instant run', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ds-service-race-'));
    const env = { DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 7).toString('base64') };
    expect((await runCli(['config', 'set', 'pageSize', '100'], env)).code).toBe(0);
    const started = [startCli(['run'], env), startCli(['run'], env)].map((child) => {
      const output = { stdout: '', stderr: '', code: undefined as number | null | undefined };
      child.stdout!.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
      child.once('close', (code) => (output.code = code));
      return { child, output };
    });
    // One of them is refused, the other keeps running.
    for (let i = 0; i < 150 && !started.some(({ output }) => output.code !== undefined); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const refused = started.find(({ output }) => output.code !== undefined);
    const running = started.find(({ output }) => output.code === undefined);
    expect(refused?.output.code, refused?.output.stderr).toBe(2);
    expect(refused!.output.stderr).toContain(`The service ("connector run", process ${running!.child.pid}`);
    expect(refused!.output.stderr).not.toContain('Usage:');
    for (let i = 0; i < 100 && !running!.output.stdout.includes('is running'); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(running!.output.stdout).toContain('DropStream Connector is running');
    const exited = new Promise<number | null>((resolve) => running!.child.once('close', resolve));
    running!.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
