// A poller whose lease another process took over (it had stopped renewing: frozen, or the clock
// jumped) stops polling, says so in the activity log, and is not restarted by a later Save.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Connector } from '../../../main/engine/connector.ts';
import { ledgerPath } from '../../../main/engine/data-dir.ts';
import { HEARTBEAT_MS, holdPollerLease, STALE_AFTER_MS } from '../../../main/engine/poller-lease.ts';
import { createLogger, type AppLogger } from '../../../main/log/index.ts';
import { openLedger } from '../../../main/store/index.ts';
import { MemoryVault } from '../../../main/vault/memory-vault.ts';
import { startSimulator } from '../../acumatica-sim/index.ts';
import { engineAgainst } from '../../support/engine-harness.ts';

let dataDir: string;
let log: AppLogger;
let connector: Connector;
const now = Date.parse('2026-12-01T12:00:00Z');

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  dataDir = mkdtempSync(join(tmpdir(), 'ds-takeover-'));
  log = createLogger({ dataDir, baseName: 'test' });
  connector = new Connector({ dataDir, vault: new MemoryVault(), log, now: () => now });
  connector.applySetup({ ...connector.settings.all(), instanceUrl: 'http://127.0.0.1:9/AcumaticaERP', clientId: '9E27B114-0544-4929-B7B7-FBDD2B023116@Company', username: 'dropstream' });
});
afterEach(async () => {
  vi.useRealTimers();
  await connector.stop();
  log.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('stops polling when another process has taken the lease over, and says who', async () => {
  const lost: string[] = [];
  connector.claimPolling('service', (message) => lost.push(message));
  connector.start();
  expect(connector.status().nextSyncAt).not.toBeNull();

  // The app on the same folder judged this service gone (here: its process "does not exist").
  const other = openLedger({ path: ledgerPath(dataDir) });
  try {
    holdPollerLease(other.pollerLease, 'desktop', { now: () => now, pid: 4242, processExists: (pid) => pid === 4242 }, () => undefined);
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(/^The desktop app \(process 4242, since 2026-12-01T12:00:00\.000Z\) took over syncing this data folder: this service had not renewed its claim for 90 seconds/);
    const entry = connector.ledger.activity.listRecent({ limit: 5 }).find((e) => e.kind === 'sync.poller-replaced');
    expect(entry).toMatchObject({ level: 'error', message: lost[0] });
    await vi.waitFor(() => expect(connector.status().nextSyncAt).toBeNull());

    // Saving the setup calls start(); it must not bring a second poller back.
    connector.start();
    expect(connector.status().nextSyncAt).toBeNull();
    // The orderly stop leaves the new holder's lease alone.
    await connector.stop();
    expect(other.pollerLease.current()).toMatchObject({ kind: 'desktop', pid: 4242 });
  } finally {
    other.close();
  }
});

it('ends the cycle in flight after its page when the lease is taken over mid-backfill', async () => {
  const sim = await startSimulator({ orders: 3000 });
  const engine = await engineAgainst(sim, {}, 20);
  try {
    engine.connector.claimPolling('service', () => undefined);
    engine.connector.start();
    const cycle = engine.connector.syncNow();
    while (engine.connector.ledger.orders.countAll() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const other = openLedger({ path: ledgerPath(engine.dataDir) });
    try {
      holdPollerLease(other.pollerLease, 'service', { now: Date.now, pid: 4242, processExists: (pid) => pid === 4242 }, () => undefined);
      vi.advanceTimersByTime(HEARTBEAT_MS);
    } finally {
      other.close();
    }
    await cycle;
    const imported = engine.connector.ledger.orders.countAll();
    expect(imported).toBeGreaterThan(0);
    const weekAgo = sim.clock.now() - 7 * 24 * 60 * 60_000;
    const wanted = sim.inspect.orders().filter((o) => o.orderType === 'SO' && o.status === 'Open' && o.lastModified > weekAgo).length;
    expect(imported).toBeLessThan(wanted);
  } finally {
    await engine.dispose();
    await sim.stop();
  }
});

it('stops (and closes its ledger) when another process holds the ledger past the busy timeout at that moment', async () => {
  connector.claimPolling('service', () => undefined);
  connector.start();
  // A long write of a command or a database tool, just as SIGTERM comes.
  const holder = new DatabaseSync(ledgerPath(dataDir));
  holder.exec('BEGIN IMMEDIATE');
  try {
    await expect(connector.stop()).resolves.toBeUndefined();
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
  }
  // The lease it could not give back names a process that is gone once this one exits: a
  // service started then is not refused (here: judged by its heartbeat only, this test runner lives on).
  const next = openLedger({ path: ledgerPath(dataDir) });
  try {
    expect(() => holdPollerLease(next.pollerLease, 'service', { now: () => now + STALE_AFTER_MS, processExists: () => true }, () => undefined).release()).not.toThrow();
  } finally {
    next.close();
  }
}, 15_000);
