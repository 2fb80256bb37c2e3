// The daily prune and a clock set years ahead (a wrong year typed, a clock reset by a flat CMOS
// battery): the cutoff is now less retentionDays, so a clock that far ahead would delete every
// finished order and all activity at once. Acumatica's clock, the Date header the sync reads, is
// the reference: a real ledger, the simulator, and this computer's clock moved by hand.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { FAST_RETRY } from '../../support/engine-harness.ts';
import { Connector } from '../../../main/engine/connector.ts';
import { saveSetup } from '../../../main/engine/setup-actions.ts';
import { createLogger, type AppLogger } from '../../../main/log/index.ts';
import { MemoryVault } from '../../../main/vault/memory-vault.ts';
import { SetupInput } from '../../../preload/api.ts';

const DAY_MS = 24 * 60 * 60_000;
const YEARS_AHEAD = 3 * 365 * DAY_MS;
let sim: Simulator;
let dataDir: string;
let log: AppLogger;
let connector: Connector;
/** How far this computer's clock is ahead of the simulator's (Acumatica's, which is right). */
let ahead = 0;

beforeEach(async () => {
  ahead = 0;
  sim = await startSimulator({ orders: 0 });
  dataDir = mkdtempSync(join(tmpdir(), 'ds-retention-clock-'));
  log = createLogger({ dataDir, baseName: 'test' });
  connector = new Connector({ dataDir, vault: new MemoryVault({}), log, now: () => sim.clock.now() + ahead, connection: FAST_RETRY });
  await connector.refreshSecretPresence();
  await saveSetup(connector, SetupInput.parse({ instanceUrl: sim.baseUrl, ...sim.credentials }), true);
});
afterEach(async () => {
  await connector.stop();
  log.close();
  await sim.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** An order imported while open (only open orders are imported new), then completed. */
async function finishedOrder(): Promise<{ orderNbr: string }> {
  const order = sim.admin.createOrder({ status: 'Open' });
  sim.clock.advance(1_000);
  await connector.syncOnce();
  sim.admin.setOrderStatus('SO', order.orderNbr, 'Completed');
  sim.clock.advance(1_000);
  await connector.syncOnce();
  return order;
}

const orderNbrs = (): string[] => connector.ledger.orders.listOrders({ limit: 10 }).orders.map((order) => order.orderNbr);

it('keeps finished orders and activity when the clock jumps years ahead, and prunes by Acumatica\'s clock meanwhile', async () => {
  const done = await finishedOrder();
  expect(orderNbrs()).toEqual([done.orderNbr]);
  const history = connector.ledger.activity.lastId();

  ahead = YEARS_AHEAD;
  sim.clock.advance(DAY_MS);
  await connector.syncOnce();

  // Only a day has passed by Acumatica's clock: nothing is old enough to go.
  expect(orderNbrs()).toEqual([done.orderNbr]);
  expect(connector.ledger.activity.listRecent({ limit: 1_000 }).some((entry) => entry.id <= history)).toBe(true);
  const [note, ...more] = connector.ledger.activity.listKindSince('retention.clock-ahead', 0);
  expect(more).toEqual([]);
  expect(note).toMatchObject({ level: 'warn' });
  expect(note?.message).toMatch(/^This computer's clock is 1095 days ahead of Acumatica's \(its Date header at the last sync\)\. Retention counts the 90 days from Acumatica's time instead/);

  // The PC keeps its wrong clock; time passes for real, and retention still does its job.
  sim.clock.advance(100 * DAY_MS);
  await connector.syncOnce();
  expect(orderNbrs()).toEqual([]);
});

it('skips the prune when the clock jumped ahead and Acumatica has not answered since', async () => {
  const done = await finishedOrder();

  // A PC started with the wrong year while the network is not up yet: every list fails.
  sim.faults.dropConnection({ path: /\/(SalesOrder|Shipment|StockItem)$/, times: Infinity });
  ahead = YEARS_AHEAD;
  sim.clock.advance(60_000);
  await expect(connector.syncOnce()).rejects.toThrow();

  expect(orderNbrs()).toEqual([done.orderNbr]);
  const notes = connector.ledger.activity.listKindSince('retention.skipped', 0);
  expect(notes.map((entry) => [entry.level, entry.message])).toEqual([
    ['warn', expect.stringMatching(/^Retention did not run: Acumatica last answered 1095 days ago by this computer's clock, longer than the 90 days kept\./)],
  ]);
});

it("counts by this computer's clock again once Acumatica's answers come without a Date header (a proxy drops it)", async () => {
  const done = await finishedOrder();
  sim.faults.rewrite((response) => ({ ...response, headers: Object.fromEntries(Object.entries(response.headers).filter(([name]) => name !== 'date')) }), {
    method: 'GET',
    path: /\/(SalesOrder|Shipment|StockItem)$/,
    times: Infinity,
  });
  sim.clock.advance(100 * DAY_MS);
  await connector.syncOnce();

  // Acumatica answers every cycle: an old reading of its clock must not stop retention for good.
  expect(orderNbrs()).not.toContain(done.orderNbr);
  expect(connector.ledger.activity.listKindSince('retention.', 0)).toEqual([]);
});
