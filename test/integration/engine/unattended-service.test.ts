// The service runs for months beside commands that change its data folder: a scripted install sets
// it up with `connector setup` after the service started, an admin changes settings with `config
// set`. The service (a Connector on a fake scheduler clock) must take these up without a restart.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Connector } from '../../../main/engine/connector.ts';
import { createHandlers } from '../../../main/engine/handlers.ts';
import { ledgerPath } from '../../../main/engine/data-dir.ts';
import { HEARTBEAT_MS, holdPollerLease } from '../../../main/engine/poller-lease.ts';
import { openLedger } from '../../../main/store/index.ts';
import { saveSetup } from '../../../main/engine/setup-actions.ts';
import { createLogger, type AppLogger } from '../../../main/log/index.ts';
import { openHeadlessVault } from '../../../main/vault/index.ts';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst, FAST_RETRY, reopenEngine, simSetupInput } from '../../support/engine-harness.ts';
import { FakeClock } from '../../support/fake-clock.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ orders: 20 });
});
afterAll(() => sim.stop());

let dataDir: string;
let clock: FakeClock;
let log: AppLogger;
let service: Connector | null = null;
afterEach(async () => {
  await service?.stop();
  service = null;
  log.close();
  rmSync(dataDir, { recursive: true, force: true });
  sim.reset();
});

/** The service's engine: the same vault key as reopenEngine (the "CLI" beside it), a fake scheduler clock. */
async function startService(options: { holdLease?: boolean } = {}): Promise<Connector> {
  clock = new FakeClock(Date.now());
  log = createLogger({ dataDir, baseName: 'service' });
  const { vault } = await openHeadlessVault({ dataDir, env: { DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 7).toString('base64') } });
  service = new Connector({ dataDir, vault, log, schedulerClock: clock, connection: FAST_RETRY });
  await service.refreshSecretPresence();
  // As `connector run` does: the poller lease first, then polling.
  if (options.holdLease) service.claimPolling('service', () => undefined);
  service.start();
  return service;
}

/** A folder set up from the CLI, and a service on it that has finished its first cycle. */
async function serviceAfterFirstCycle(): Promise<Connector> {
  dataDir = mkdtempSync(join(tmpdir(), 'ds-unattended-'));
  await setUpFromCli();
  const connector = await startService();
  await clock.advance(0);
  await vi.waitFor(() => expect(connector.status().connection.kind).toBe('connected'), { timeout: 10_000 });
  return connector;
}

/** A CLI command beside the service: its own engine on the same folder, closed when done. */
async function cli(work: (connector: Connector) => Promise<void> | void): Promise<void> {
  const engine = await reopenEngine(sim, dataDir);
  try {
    await work(engine.connector);
  } finally {
    await engine.close();
  }
}

async function setUpFromCli(): Promise<void> {
  await cli((connector) =>
    saveSetup(
      connector,
      simSetupInput(sim),
      true,
    ),
  );
}

describe('a service beside the command line', () => {
  it('starts syncing at its next tick once `connector setup` set up the folder it started on', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ds-unattended-'));
    const connector = await startService();
    await clock.advance(0);
    expect(connector.status().connection.kind).toBe('not-configured');
    expect(connector.status().nextSyncAt).toBeNull();

    await setUpFromCli();
    await clock.advance(66_000); // one poll interval with the longest jitter
    await vi.waitFor(() => expect(connector.status().counts.ordersTotal).toBeGreaterThan(0), { timeout: 10_000 });
    await vi.waitFor(() => expect(connector.status().connection.kind).toBe('connected'));
    expect(connector.status().storedSecrets).toEqual({ clientSecret: true, password: true });
    // A folder that stayed unconfigured recorded no failed cycles while it waited.
    expect(connector.ledger.activity.listRecent({ limit: 50 }).filter((entry) => entry.kind.startsWith('sync.failed.'))).toEqual([]);
  });
});

describe('a setup saved in the dashboard of the service (or the app) itself', () => {
  it('starts the first sync at once, not a poll interval later', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ds-unattended-'));
    const connector = await startService();
    await clock.advance(0); // the poller's first tick finds nothing set up
    const setup = simSetupInput(sim);
    const handlers = createHandlers(connector, { name: 'DropStream Connector', version: 'test', mode: 'headless' });
    await handlers.saveSetup({ setup, saveUntested: true });
    await clock.advance(0); // no poll interval passes
    await vi.waitFor(() => expect(connector.status().counts.ordersTotal).toBeGreaterThan(0), { timeout: 10_000 });
  });
});

describe('settings changed by the command line', () => {
  it('polls at the interval `config set pollIntervalSeconds` gave, from the next cycle on', async () => {
    const connector = await serviceAfterFirstCycle();
    expect(connector.status().lastSyncAt).not.toBeNull();

    await cli((beside) => void beside.applySettings({ pollIntervalSeconds: 900 }));
    const firstSync = connector.status().lastSyncAt;
    await clock.advance(66_000); // the cycle planned at the old interval
    await vi.waitFor(() => expect(connector.status().lastSyncAt).not.toBe(firstSync), { timeout: 10_000 });
    await vi.waitFor(() => expect(connector.status().connection.kind).toBe('connected'));
    const nextIn = Date.parse(connector.status().nextSyncAt!) - clock.now();
    expect(nextIn).toBeGreaterThanOrEqual(0.9 * 900_000);
    expect(nextIn).toBeLessThanOrEqual(1.1 * 900_000);
  });
});

describe('stopping (SIGTERM, Quit)', () => {
  it('a stop during the import ends the cycle there: tracking writeback and deliveries wait for the next start', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ds-stop-export-'));
    const engine = await engineAgainst(sim, {}, 5);
    dataDir = engine.dataDir;
    log = engine.log;
    try {
      await engine.connector.syncOnce();
      const order = sim.admin.createOrder({ lines: 1 });
      const target = sim.admin.createShipment({ orders: [{ orderType: order.orderType, orderNbr: order.orderNbr }], packages: 1 });
      engine.connector.ledger.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr: target.shipmentNbr }, trackingNbr: '1ZSTOP01' });
      engine.connector.applySettings({ destinations: { webhook: null, folder: { path: folder, format: 'json' } } });
      for (const _ of [1, 2, 3]) sim.admin.createOrder({ lines: 1 });
      sim.clock.advance(1_000);
      // Each page takes a while to come: the stop arrives while the first one is on the wire.
      sim.faults.latency(300, { path: '/SalesOrder', times: Infinity });
      engine.connector.start(); // the service's poller: its first cycle starts at once
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(engine.connector.status().connection.kind).toBe('syncing');
      await engine.close();

      expect(sim.inspect.shipmentPackages(target.shipmentNbr).some((pkg) => pkg.trackingNbr === '1ZSTOP01')).toBe(false);
      expect(readdirSync(folder)).toEqual([]);
      const reopened = await reopenEngine(sim, dataDir);
      try {
        expect(reopened.connector.ledger.tracking.countByStatus()).toMatchObject({ queued: 1, posted: 0 });
        const outbox = reopened.connector.ledger.outbox.countByStatus();
        expect(outbox.pending).toBeGreaterThan(0);
        expect(outbox.delivered).toBe(0);
      } finally {
        await reopened.close();
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('another process taking the folder over', () => {
  it('ends the cycle in hand after its page: no tracking number is posted beside the new poller', async () => {
    const engine = await engineAgainst(sim, {}, 5);
    dataDir = engine.dataDir;
    log = engine.log;
    const other = openLedger({ path: ledgerPath(dataDir) });
    try {
      await engine.connector.syncOnce();
      const order = sim.admin.createOrder({ lines: 1 });
      const target = sim.admin.createShipment({ orders: [{ orderType: order.orderType, orderNbr: order.orderNbr }], packages: 1 });
      engine.connector.ledger.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr: target.shipmentNbr }, trackingNbr: '1ZLOST01' });
      for (const _ of [1, 2, 3]) sim.admin.createOrder({ lines: 1 });
      sim.clock.advance(1_000);
      sim.faults.latency(300, { path: '/SalesOrder', times: Infinity });
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const lost: string[] = [];
      engine.connector.claimPolling('service', (message) => lost.push(message));
      const cycle = engine.connector.syncOnce();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(engine.connector.status().connection.kind).toBe('syncing');
      // This service froze past the lease's limit (here: its process "is gone" to the other one),
      // and the app on the same folder took over.
      holdPollerLease(other.pollerLease, 'desktop', { now: Date.now, pid: 4242, processExists: (pid) => pid === 4242 }, () => undefined);
      vi.advanceTimersByTime(HEARTBEAT_MS);
      expect(lost).toHaveLength(1);
      await cycle;
      expect(sim.inspect.shipmentPackages(target.shipmentNbr).some((pkg) => pkg.trackingNbr === '1ZLOST01')).toBe(false);
      expect(engine.connector.ledger.tracking.countByStatus()).toMatchObject({ queued: 1, posted: 0 });
    } finally {
      vi.useRealTimers();
      other.close();
      await engine.close();
    }
  });
});

describe('the next sync, seen from a command beside the service', () => {
  it('is the service\'s own plan, and none once it pauses until resumed or stops', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ds-unattended-'));
    await setUpFromCli();
    const connector = await startService({ holdLease: true });
    await clock.advance(0);
    await vi.waitFor(() => expect(connector.status().connection.kind).toBe('connected'), { timeout: 10_000 });
    const planned = connector.status().nextSyncAt;
    expect(Date.parse(planned!)).toBeGreaterThan(clock.now());
    await cli((beside) => expect(beside.status().nextSyncAt).toBe(planned));

    connector.pause(null);
    await cli((beside) => expect(beside.status().nextSyncAt).toBeNull());
    connector.resume();
    await vi.waitFor(() => expect(connector.status().connection.kind).toBe('connected'), { timeout: 10_000 });
    const replanned = connector.status().nextSyncAt;
    expect(replanned).not.toBeNull();
    await cli((beside) => expect(beside.status().nextSyncAt).toBe(replanned));

    await connector.stop();
    service = null;
    await cli((beside) => expect(beside.status().nextSyncAt).toBeNull());
  });
});

describe('a pause', () => {
  it('"until resumed" outlives a restart of the service, and `connector status` beside it says paused', async () => {
    const first = await serviceAfterFirstCycle();
    first.pause(null);
    await cli((beside) => expect(beside.status().connection).toEqual({ kind: 'paused', until: null }));

    // The PC restarts overnight.
    await first.stop();
    log.close();
    const requestsBefore = sim.inspect.count();
    const second = await startService();
    await clock.advance(24 * 60 * 60_000);
    expect(sim.inspect.count()).toBe(requestsBefore);
    expect(second.status().connection).toEqual({ kind: 'paused', until: null });
    expect(second.status().paused).toEqual({ until: null });
    expect(second.status().nextSyncAt).toBeNull();

    second.resume();
    await clock.advance(0);
    await vi.waitFor(() => expect(sim.inspect.count()).toBeGreaterThan(requestsBefore), { timeout: 10_000 });
    await vi.waitFor(() => expect(second.status().connection.kind).toBe('connected'), { timeout: 10_000 });
    await cli((beside) => expect(beside.status().connection.kind).toBe('connected'));
  });

  it('for an hour keeps its end across a restart, and is over once that has passed', async () => {
    const first = await serviceAfterFirstCycle();
    first.pause(60);
    const until = (first.status().connection as { until: string }).until;
    await first.stop();
    log.close();

    const requestsBefore = sim.inspect.count();
    const second = await startService();
    expect(second.status().connection).toEqual({ kind: 'paused', until });
    await cli((beside) => expect(beside.status().connection).toEqual({ kind: 'paused', until }));
    await clock.advance(59 * 60_000);
    expect(sim.inspect.count()).toBe(requestsBefore);
    await clock.advance(60_000);
    await vi.waitFor(() => expect(sim.inspect.count()).toBeGreaterThan(requestsBefore), { timeout: 10_000 });
    await vi.waitFor(() => expect(second.status().connection.kind).toBe('connected'), { timeout: 10_000 });
  });
});
