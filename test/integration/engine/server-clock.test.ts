// The cursor and the server's clock: the next pass starts at the server's time (its Date header)
// when this one began, less an overlap, unless that header is ahead of this computer's clock, where
// following it would set the cursor past changes Acumatica has not stamped yet.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst, FAST_RETRY } from '../../support/engine-harness.ts';
import { Connector } from '../../../main/engine/connector.ts';
import { saveSetup } from '../../../main/engine/setup-actions.ts';
import { createLogger } from '../../../main/log/index.ts';
import { MemoryVault } from '../../../main/vault/memory-vault.ts';
import { SetupInput } from '../../../preload/api.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ orders: 0 });
});
afterAll(async () => {
  await sim.stop();
});
beforeEach(() => sim.reset());

const DAY_MS = 24 * 60 * 60_000;
const LISTS = /\/(SalesOrder|Shipment|StockItem)$/;

describe('a Date header ahead of the records the server stamps', () => {
  it('does not move the cursor past changes not made yet: they are imported, and the activity log says why once', async () => {
    // A proxy in front of Acumatica whose clock is a day ahead: every answer's Date says tomorrow.
    sim.faults.rewrite((response) => ({ ...response, headers: { ...response.headers, date: new Date(sim.clock.now() + DAY_MS).toUTCString() } }), {
      method: 'GET',
      path: LISTS,
      times: Infinity,
    });
    const first = sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
    const engine = await engineAgainst(sim);
    try {
      expect((await engine.connector.syncOnce()).orders.imported).toBe(1);
      sim.clock.advance(1_000);
      const later = [1, 2, 3].map(() => sim.admin.createOrder({ orderType: 'SO', status: 'Open' }).orderNbr);
      sim.clock.advance(1_000);

      expect((await engine.connector.syncOnce()).orders.imported).toBe(3);
      const held = engine.connector.ledger.orders.listOrders({ limit: 10 }).orders.map((order) => order.orderNbr).sort();
      expect(held).toEqual([first.orderNbr, ...later].sort());
      // The cursor follows this computer's clock, less the two-minute overlap, not tomorrow's.
      const cursor = JSON.parse(engine.connector.ledger.cursors.getCursor('SalesOrder:SO')!.value) as { since: string };
      expect(Date.parse(cursor.since)).toBeLessThan(Date.now());

      // Told once (not per entity and cycle), as a warning naming the difference; the connection stays green.
      const warnings = engine.connector.ledger.activity.listKindSince('sync.server-clock-ahead', 0);
      expect(warnings.map((entry) => [entry.level, entry.message])).toEqual([['warn', expect.stringMatching(/^Acumatica's clock \(the Date header of its SalesOrder list, .*\) is 24 hours ahead of this computer's\. So that no change is skipped/)]]);
      expect(engine.connector.status().connection.kind).toBe('connected');
    } finally {
      await engine.dispose();
    }
  });

  it('follows a Date header behind this computer\'s clock (changes are only read again)', async () => {
    sim.faults.rewrite((response) => ({ ...response, headers: { ...response.headers, date: new Date(sim.clock.now() - DAY_MS).toUTCString() } }), {
      method: 'GET',
      path: LISTS,
      times: 1,
    });
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      const cursor = JSON.parse(engine.connector.ledger.cursors.getCursor('SalesOrder:SO')!.value) as { since: string };
      expect(Date.parse(cursor.since)).toBeLessThan(sim.clock.now() - DAY_MS);
      expect(engine.connector.ledger.activity.listKindSince('sync.server-clock-ahead', 0)).toEqual([]);
    } finally {
      await engine.dispose();
    }
  });
});

describe('a first page that takes minutes to come', () => {
  it('is not taken for a clock ahead: the Date header is compared with the time the answer came', async () => {
    // One clock for both sides (the simulator's), both right: only the answer is slow. A licence
    // throttling, a retry after a 90-second timeout, a heavy first page: three minutes pass between
    // the pass's start and the answer, whose Date says so.
    const dataDir = mkdtempSync(join(tmpdir(), 'ds-server-clock-'));
    const log = createLogger({ dataDir, baseName: 'test' });
    const connector = new Connector({ dataDir, vault: new MemoryVault({}), log, now: () => sim.clock.now(), connection: FAST_RETRY });
    try {
      await connector.refreshSecretPresence();
      await saveSetup(connector, SetupInput.parse({ instanceUrl: sim.baseUrl, ...sim.credentials }), true);
      sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
      sim.faults.rewrite(
        (response) => {
          sim.clock.advance(3 * 60_000);
          return { ...response, headers: { ...response.headers, date: new Date(sim.clock.now()).toUTCString() } };
        },
        { method: 'GET', path: /\/SalesOrder$/, times: 1 },
      );
      expect((await connector.syncOnce()).orders.imported).toBe(1);
      expect(connector.ledger.activity.listKindSince('sync.server-clock-ahead', 0)).toEqual([]);
      // The cursor follows the server's clock as ever: its Date, less the overlap.
      const cursor = JSON.parse(connector.ledger.cursors.getCursor('SalesOrder:SO')!.value) as { since: string };
      expect(Date.parse(cursor.since)).toBeGreaterThan(sim.clock.now() - 2 * 60_000 - 60_000);
    } finally {
      await connector.stop();
      log.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('an answer without a Date header the connector can read', () => {
  it.each([
    ['no Date header', (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'date'))],
    ['an unreadable Date header', (headers: Record<string, string>) => ({ ...headers, date: 'yesterday' })],
  ])('with %s: the cursor follows this computer\'s clock, and the activity log says so once a day', async (_, edit) => {
    // A proxy in front of Acumatica that drops (or mangles) the header.
    sim.faults.rewrite((response) => ({ ...response, headers: edit(response.headers) }), { method: 'GET', path: LISTS, times: Infinity });
    sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
    const engine = await engineAgainst(sim);
    try {
      expect((await engine.connector.syncOnce()).orders.imported).toBe(1);
      await engine.connector.syncOnce();
      const cursor = JSON.parse(engine.connector.ledger.cursors.getCursor('SalesOrder:SO')!.value) as { since: string };
      expect(Date.now() - Date.parse(cursor.since)).toBeGreaterThanOrEqual(15 * 60_000);

      const warnings = engine.connector.ledger.activity.listKindSince('sync.no-server-date', 0);
      expect(warnings.map((entry) => [entry.level, entry.message])).toEqual([
        ['warn', expect.stringMatching(/^Acumatica's answer to the SalesOrder list had no Date header the connector could read, so the sync position follows this computer's clock, less 15 minutes\. If this computer's clock runs more than 15 minutes ahead/)],
      ]);
      expect(engine.connector.status().connection.kind).toBe('connected');
      expect(engine.connector.status().counts.errorsToday).toBe(0);
    } finally {
      await engine.dispose();
    }
  });
});
