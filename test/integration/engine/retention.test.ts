// Retention against the simulator, with one fake clock for both sides: what the daily prune deletes
// must be finished for good, and what the connector says about a record it still follows (its
// deliveries, its drawer) must not change because a related record was pruned.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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
let sim: Simulator;
let dataDir: string;
let exportDir: string;
let log: AppLogger;
let connector: Connector;

beforeEach(async () => {
  sim = await startSimulator({ orders: 0 });
  dataDir = mkdtempSync(join(tmpdir(), 'ds-retention-'));
  exportDir = mkdtempSync(join(tmpdir(), 'ds-retention-export-'));
  log = createLogger({ dataDir, baseName: 'test' });
  connector = new Connector({ dataDir, vault: new MemoryVault({}), log, now: () => sim.clock.now(), connection: FAST_RETRY });
  await connector.refreshSecretPresence();
  await saveSetup(connector, SetupInput.parse({ instanceUrl: sim.baseUrl, ...sim.credentials }), true);
  connector.applySettings({ destinations: { webhook: null, folder: { path: exportDir, format: 'json' } } });
});
afterEach(async () => {
  await connector.stop();
  log.close();
  await sim.stop();
  rmSync(dataDir, { recursive: true, force: true });
  rmSync(exportDir, { recursive: true, force: true });
});

/** The newest export of the order, as the fulfilment partner reads it. */
function lastOrderExport(orderNbr: string): { order: { status: string; shipmentNbrs: string[] } } {
  const files = readdirSync(exportDir).filter((name) => name.startsWith(`order_SO_${orderNbr}_`)).sort();
  return JSON.parse(readFileSync(join(exportDir, files.at(-1)!), 'utf8')) as { order: { status: string; shipmentNbrs: string[] } };
}

it("keeps a finished shipment while its order is still followed: the order's next version still names it", async () => {
  const order = sim.admin.createOrder({ status: 'Open' });
  sim.clock.advance(1_000);
  await connector.syncOnce();
  const shipment = sim.admin.createShipment({ orders: [{ orderType: 'SO', orderNbr: order.orderNbr }], status: 'Confirmed' });
  sim.admin.setOrderStatus('SO', order.orderNbr, 'Back Order'); // part shipped, the rest waits
  sim.clock.advance(1_000);
  await connector.syncOnce();
  expect(lastOrderExport(order.orderNbr).order.shipmentNbrs).toEqual([shipment.shipmentNbr]);

  // The rest of the order waits for stock for months; the confirmed shipment does not change.
  sim.clock.advance(100 * DAY_MS);
  await connector.syncOnce();
  expect(connector.ledger.shipments.getShipment(shipment.shipmentNbr)).toBeDefined();

  sim.admin.modifyOrder('SO', order.orderNbr, { description: 'Rest of the back order' });
  sim.clock.advance(1_000);
  await connector.syncOnce();
  expect(lastOrderExport(order.orderNbr).order).toMatchObject({ status: 'Back Order', shipmentNbrs: [shipment.shipmentNbr] });
  expect(connector.ledger.orders.getOrder({ orderType: 'SO', orderNbr: order.orderNbr })?.shipmentNbrs).toEqual([shipment.shipmentNbr]);

  // Once the order is finished too, both go together.
  sim.admin.setOrderStatus('SO', order.orderNbr, 'Completed');
  sim.clock.advance(1_000);
  await connector.syncOnce();
  sim.clock.advance(100 * DAY_MS);
  await connector.syncOnce();
  expect(connector.ledger.orders.countAll()).toBe(0);
  expect(connector.ledger.shipments.getShipment(shipment.shipmentNbr)).toBeUndefined();
});

it('forgets a stock item once no order in the ledger names it, and looks it up again for an order that names it again', async () => {
  const order = sim.admin.createOrder({ status: 'Open', lines: 1 });
  sim.clock.advance(1_000);
  await connector.syncOnce();
  const sku = connector.ledger.orders.getOrder({ orderType: 'SO', orderNbr: order.orderNbr })!.order.lines[0]!.inventoryId;
  const cached = (): boolean => connector.ledger.stockItems.findByInventoryIds([sku]).has(sku);
  expect(cached()).toBe(true);

  sim.admin.setOrderStatus('SO', order.orderNbr, 'Completed');
  sim.clock.advance(1_000);
  await connector.syncOnce();
  sim.clock.advance(100 * DAY_MS);
  await connector.syncOnce();
  expect(connector.ledger.orders.countAll()).toBe(0);
  expect(cached()).toBe(false);

  // Reopened in Acumatica: the order comes back as a new import, and its stock item with it.
  sim.admin.setOrderStatus('SO', order.orderNbr, 'Open');
  sim.clock.advance(1_000);
  await connector.syncOnce();
  expect(cached()).toBe(true);
  expect(connector.ledger.pendingLookups.count()).toBe(0);
  expect(connector.ledger.orders.getOrder({ orderType: 'SO', orderNbr: order.orderNbr })?.order.lines[0]?.inventoryId).toBe(sku);
});
