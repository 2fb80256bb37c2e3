// Retention runs daily whatever the cycles do: an outage of weeks (a secret nobody rotated, a
// server gone) must not keep finished records, old activity or the tracking inbox's handled files
// past retentionDays, and a clock that was once set far ahead must not stop pruning until the
// calendar catches up with it.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { Connector } from '../../../main/engine/connector.ts';
import { ledgerPath } from '../../../main/engine/data-dir.ts';
import { HEARTBEAT_MS, holdPollerLease } from '../../../main/engine/poller-lease.ts';
import { openLedger } from '../../../main/store/index.ts';
import { createLogger, type AppLogger } from '../../../main/log/index.ts';
import { archiveStamp } from '../../../main/delivery/inbox-archive.ts';
import { MemoryVault } from '../../../main/vault/memory-vault.ts';
import { FAST_RETRY } from '../../support/engine-harness.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { DAY_MS, makeOrder } from '../store/fixtures.ts';

let dataDir: string;
let log: AppLogger;
let connector: Connector;
let now: number;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ds-prune-'));
  log = createLogger({ dataDir, baseName: 'test' });
  now = Date.parse('2026-12-01T12:00:00Z');
  connector = new Connector({
    dataDir,
    vault: new MemoryVault({ clientSecret: 'prune-test-client-secret', password: 'prune-test-password' }),
    log,
    now: () => now,
    connection: FAST_RETRY,
  });
  // Nothing listens on port 9 of the loopback: every cycle fails to connect.
  connector.applySetup({ ...connector.settings.all(), instanceUrl: 'http://127.0.0.1:9/AcumaticaERP', clientId: '9E27B114-0544-4929-B7B7-FBDD2B023116@Company', username: 'dropstream' });
});
afterEach(async () => {
  await connector.stop();
  log.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const ordersKept = (): number => connector.ledger.orders.countAll();

it('prunes daily while every cycle fails', async () => {
  connector.ledger.orders.upsertOrders([makeOrder({ orderNbr: 'SO-DONE', status: 'Completed' })]);
  now += 100 * DAY_MS;
  await expect(connector.syncOnce()).rejects.toThrow();
  expect(ordersKept()).toBe(0);
  expect(connector.ledger.activity.listRecent({ limit: 10 }).some((entry) => entry.kind.startsWith('sync.failed.'))).toBe(true);
});

it('prunes again after the clock was set back from a date far ahead', async () => {
  await expect(connector.syncOnce()).rejects.toThrow();
  const realNow = now;
  now += 2 * 365 * DAY_MS; // the clock was years ahead for one cycle
  await expect(connector.syncOnce()).rejects.toThrow();
  now = realNow;
  connector.ledger.orders.upsertOrders([makeOrder({ orderNbr: 'SO-DONE', status: 'Completed' })]);
  now += 100 * DAY_MS;
  await expect(connector.syncOnce()).rejects.toThrow();
  expect(ordersKept()).toBe(0);
});

it("prunes the tracking inbox's processed/ and rejected/ files with the ledger, and says how many", async () => {
  const inbox = join(dataDir, 'inbox');
  const handled = (folder: string, name: string, at: number): string => {
    mkdirSync(join(inbox, folder), { recursive: true });
    const path = join(inbox, folder, `${archiveStamp(at)}_${name}`);
    writeFileSync(path, 'ShipmentNbr,TrackingNbr\n');
    utimesSync(path, new Date(at), new Date(at));
    return path;
  };
  mkdirSync(inbox);
  connector.applySettings({ trackingInboxDir: inbox, retentionDays: 30 });
  const old = [handled('processed', 'ups.csv', now), handled('processed', 'ups.csv.result.json', now), handled('rejected', 'bad.csv', now)];
  now += 31 * DAY_MS;
  const recent = handled('processed', 'fedex.csv', now - DAY_MS);
  await expect(connector.syncOnce()).rejects.toThrow();

  expect(old.filter((path) => existsSync(path))).toEqual([]);
  expect(existsSync(recent)).toBe(true);
  expect(readdirSync(inbox).sort()).toEqual(['processed', 'rejected']);
  const [entry, ...others] = connector.ledger.activity.listKindSince('tracking.inbox-pruned', 0);
  expect(others).toEqual([]);
  expect(entry).toMatchObject({ level: 'info', details: { dir: inbox, processed: 2, rejected: 1 } });
  expect(entry?.message).toBe(`Removed 3 files older than 30 days (the retention period) from processed/ and rejected/ in the tracking inbox ${inbox}.`);
});

it('prunes daily while the connection cannot even be built (its CA file is gone)', async () => {
  connector.applySetup({ caFile: join(dataDir, 'removed-internal-ca.pem') });
  connector.ledger.orders.upsertOrders([makeOrder({ orderNbr: 'SO-DONE', status: 'Completed' })]);
  now += 100 * DAY_MS;
  await expect(connector.syncOnce()).rejects.toThrow(/Cannot use the CA file/);
  expect(ordersKept()).toBe(0);
  // A failed cycle like any other: recorded, so the status and the activity log say why.
  expect(connector.ledger.activity.listKindSince('sync.failed.', 0)).toMatchObject([{ message: expect.stringMatching(/Cannot use the CA file/) }]);
});

it('prunes daily while sync is paused until resumed, and not on the connector that is stopped', async () => {
  const clock = new FakeClock(now);
  const paused = new Connector({ dataDir, vault: new MemoryVault({}), log, now: clock.now, schedulerClock: clock, connection: FAST_RETRY });
  try {
    paused.start();
    paused.pause(null);
    paused.ledger.orders.upsertOrders([makeOrder({ orderNbr: 'SO-DONE', status: 'Completed' })]);
    // A hundred days paused, the PC running (timers fire as the days pass), not one cycle.
    for (let day = 0; day < 100; day += 1) {
      clock.jump(DAY_MS - 60 * 60_000);
      await clock.advance(60 * 60_000);
    }
    expect(paused.ledger.activity.listKindSince('sync.failed.', 0)).toEqual([]);
    expect(paused.ledger.orders.countAll()).toBe(0);
  } finally {
    await paused.stop();
  }
  expect(clock.pendingTimers()).toBe(0);
});

it('runs no retention once another process took its poller lease over: that one prunes, on its own clock', async () => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  const clock = new FakeClock(now);
  const replaced = new Connector({ dataDir, vault: new MemoryVault({}), log, now: clock.now, schedulerClock: clock, connection: FAST_RETRY });
  const other = openLedger({ path: ledgerPath(dataDir) });
  try {
    replaced.claimPolling('desktop', () => undefined);
    replaced.start();
    // The service on the same folder judged this app gone (frozen, or its clock jumped) and polls now.
    holdPollerLease(other.pollerLease, 'service', { now: clock.now, pid: 4242, processExists: (pid) => pid === 4242 }, () => undefined);
    vi.advanceTimersByTime(HEARTBEAT_MS);
    expect(replaced.ledger.activity.listKindSince('sync.poller-replaced', 0)).toHaveLength(1);
    // The app waits for someone to dismiss its message, for days on an unattended PC.
    other.orders.upsertOrders([makeOrder({ orderNbr: 'SO-DONE', status: 'Completed' })]);
    for (let day = 0; day < 100; day += 1) {
      clock.jump(DAY_MS - 60 * 60_000);
      await clock.advance(60 * 60_000);
    }
    expect(other.orders.countAll()).toBe(1);
  } finally {
    vi.useRealTimers();
    other.close();
    await replaced.stop();
  }
});
