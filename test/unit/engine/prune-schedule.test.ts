// Retention runs daily whatever the cycles do: an outage of weeks (a secret nobody rotated, a
// server gone) must not keep finished records and old activity past retentionDays, and a clock
// that was once set far ahead must not stop pruning until the calendar catches up with it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Connector } from '../../../main/engine/connector.ts';
import { createLogger, type AppLogger } from '../../../main/log/index.ts';
import { MemoryVault } from '../../../main/vault/memory-vault.ts';
import { FAST_RETRY } from '../../support/engine-harness.ts';
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
