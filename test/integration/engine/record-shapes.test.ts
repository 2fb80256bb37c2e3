// Records in shapes the simulator's renderer never sends, put on the wire by a proxy in front of
// it: a broken record is skipped and named in the activity log, the rest of its page is imported,
// and the pass goes on.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst } from '../../support/engine-harness.ts';
import { startRewritingProxy, type RewritingProxy } from '../../support/rewriting-proxy.ts';

let sim: Simulator;
let proxy: RewritingProxy;
beforeAll(async () => {
  sim = await startSimulator({ orders: 0, virtualDirectory: '/AcumaticaERP' });
  proxy = await startRewritingProxy(sim);
});
afterAll(async () => {
  await proxy.stop();
  await sim.stop();
});
afterEach(() => {
  proxy.rewrite = null;
  sim.reset();
});

type WireRecord = Record<string, { value?: unknown } | unknown>;

/** Rewrites one entity's records on every list page. */
function onEveryPage(entity: string, edit: (records: WireRecord[]) => void): void {
  proxy.rewrite = (listed, body) => {
    if (listed !== entity || !Array.isArray(body)) return undefined;
    edit(body as WireRecord[]);
    return JSON.stringify(body);
  };
}

function heldOrders(engine: Awaited<ReturnType<typeof engineAgainst>>): string[] {
  return engine.connector.ledger.orders.listOrders({ limit: 1000 }).orders.map((o) => o.orderNbr).sort();
}

function rejections(engine: Awaited<ReturnType<typeof engineAgainst>>): string[] {
  return engine.connector.ledger.activity.listKindSince('sync.record-rejected', 0).map((entry) => entry.message);
}

describe('records Acumatica sends in unexpected shapes', () => {
  it('skips an order whose LastModified names no instant, and imports the rest of its page and the shipments', async () => {
    const orders = Array.from({ length: 6 }, () => sim.admin.createOrder({ orderType: 'SO', status: 'Open' }).orderNbr).sort();
    const shipment = sim.admin.createShipment({ orders: [{ orderType: 'SO', orderNbr: orders[0]! }], status: 'Open' });
    const broken = orders[2]!;
    onEveryPage('SalesOrder', (records) => {
      for (const record of records) {
        if ((record['OrderNbr'] as { value: string }).value === broken) record['LastModified'] = { value: '2026-13-01T10:15:30.457-05:00' };
      }
    });
    const engine = await engineAgainst(sim, { instanceUrl: proxy.baseUrl }, 4);
    try {
      const first = await engine.connector.syncOnce();
      expect(first.orders.imported).toBe(5);
      expect(first.rejected).toBe(1);
      expect(heldOrders(engine)).toEqual(orders.filter((nbr) => nbr !== broken));
      expect(engine.connector.ledger.shipments.hasShipment(shipment.shipmentNbr)).toBe(true);
      expect(rejections(engine)).toEqual([expect.stringMatching(new RegExp(`SalesOrder SO ${broken} .*LastModified\\.value: expected an ISO 8601 date-time`))]);

      // Fixed in Acumatica (a new version): the next cycle imports it.
      proxy.rewrite = null;
      sim.clock.advance(1_000);
      sim.admin.modifyOrder('SO', broken, { description: 'fixed' });
      const next = await engine.connector.syncOnce();
      expect(next.orders.imported).toBe(1);
      expect(heldOrders(engine)).toEqual(orders);
    } finally {
      await engine.dispose();
    }
  });

  it('skips an order whose id is not a GUID, alone on its page, naming it, and goes on to shipments and tracking', async () => {
    // Imported a while ago: past the cursor's overlap, so the next cycle's page holds the new order alone.
    sim.clock.advance(-10 * 60_000);
    const old = sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
    const shipment = sim.admin.createShipment({ orders: [{ orderType: 'SO', orderNbr: old.orderNbr }], status: 'Open' });
    sim.clock.resetOffset();
    const engine = await engineAgainst(sim, { instanceUrl: proxy.baseUrl }, 4);
    try {
      await engine.connector.syncOnce();
      const broken = sim.admin.createOrder({ orderType: 'SO', status: 'Open' }).orderNbr;
      onEveryPage('SalesOrder', (records) => {
        for (const record of records) if ((record['OrderNbr'] as { value: string }).value === broken) record['id'] = 'not-a-guid';
      });
      engine.connector.ledger.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr: shipment.shipmentNbr }, trackingNbr: '1ZBADID01', boxId: 'LARGE' });

      const cycle = await engine.connector.syncOnce();
      expect(cycle.rejected).toBe(1);
      expect(cycle.tracking).toEqual({ posted: 1, failed: 0 });
      expect(heldOrders(engine)).toEqual([old.orderNbr]);
      expect(rejections(engine)).toEqual([`Skipped a SalesOrder record Acumatica sent in an unexpected shape: SalesOrder SO ${broken} does not have the expected shape: id: expected a GUID.`]);
    } finally {
      await engine.dispose();
    }
  });

  it('caches the stock items an order names when one of them is broken, naming that one', async () => {
    const order = sim.admin.createOrder({ orderType: 'SO', status: 'Open', lines: 6 });
    const skus = [...new Set(order.lines.map((line) => line.inventoryId))].sort();
    expect(skus.length).toBeGreaterThan(1);
    const broken = skus[0]!;
    onEveryPage('StockItem', (records) => {
      for (const record of records) if ((record['InventoryID'] as { value: string }).value === broken) record['Description'] = { value: 42 };
    });
    const engine = await engineAgainst(sim, { instanceUrl: proxy.baseUrl }, 4);
    try {
      const cycle = await engine.connector.syncOnce();
      expect(cycle.orders.imported).toBe(1);
      expect(cycle.rejected).toBe(1);
      expect([...engine.connector.ledger.stockItems.findByInventoryIds(skus).keys()].sort()).toEqual(skus.slice(1));
      expect(rejections(engine)).toEqual([expect.stringMatching(new RegExp(`StockItem ${broken} .*Description\\.value: expected a string`))]);
    } finally {
      await engine.dispose();
    }
  });
});

describe('stock item lookups', () => {
  it('looks up the stock items of orders a failed cycle imported, at the next cycle', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      const order = sim.admin.createOrder({ orderType: 'SO', status: 'Open', lines: 3 });
      const skus = [...new Set(order.lines.map((line) => line.inventoryId))].sort();
      // Past the cursor's overlap by the next cycle: that cycle does not read the order again.
      sim.clock.advance(5 * 60_000);
      // The stock item pass's page passes; the lookup of the new order's SKUs fails.
      sim.faults.serverError({ path: /\/StockItem$/, skip: 1, times: 1 });
      await expect(engine.connector.syncOnce()).rejects.toThrow(/HTTP 500\) while listing StockItem/);
      expect(engine.connector.ledger.orders.getOrder({ orderType: 'SO', orderNbr: order.orderNbr })).toBeDefined();
      expect(engine.connector.ledger.stockItems.findByInventoryIds(skus).size).toBe(0);

      sim.clock.advance(5 * 60_000);
      const next = await engine.connector.syncOnce();
      expect(next.orders).toEqual({ imported: 0, updated: 0 });
      expect([...engine.connector.ledger.stockItems.findByInventoryIds(skus).keys()].sort()).toEqual(skus);
      // Nothing waits any more: an idle cycle looks nothing up.
      expect((await engine.connector.syncOnce()).requests).toBe(3);
    } finally {
      await engine.dispose();
    }
  });
});

describe('pages Acumatica sends wrongly', () => {
  it('fails the cycle, once, when asked for the records after a key it sends the same page again', async () => {
    for (let i = 0; i < 8; i++) sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
    // Every SalesOrder page is the first one: the key filter is not applied. (After 20 pages an
    // empty one ends the pass, so that a connector which keeps asking fails this test, not hangs.)
    let firstPage: string | undefined;
    let pages = 0;
    proxy.rewrite = (entity, body) => {
      if (entity !== 'SalesOrder') return undefined;
      pages += 1;
      firstPage ??= JSON.stringify(body);
      return pages > 20 ? '[]' : firstPage;
    };
    const engine = await engineAgainst(sim, { instanceUrl: proxy.baseUrl }, 4);
    try {
      await expect(engine.connector.syncOnce()).rejects.toThrow(/sent the same page of SalesOrder records again when asked for those after SO SO0000\d\d; cannot page on/);
      expect(pages).toBe(2);
      // The first page's orders stay imported, and the next cycle asks from where that page ended.
      expect(heldOrders(engine)).toHaveLength(4);
      await expect(engine.connector.syncOnce()).rejects.toThrow(/same page/);
      expect(pages).toBe(3);
    } finally {
      await engine.dispose();
    }
  });

  it('fails the cycle, naming the order, when pages without the key filter come in another order each time, rather than page for ever', async () => {
    for (let i = 0; i < 8; i++) sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
    // Every SalesOrder page holds the first page's orders, turned round by one more each time, so
    // that no page ends on the key it was asked to start after. (After 20 pages an empty one ends
    // the pass, so that a connector which keeps asking fails this test, not hangs.)
    let firstPage: unknown[] | undefined;
    let pages = 0;
    proxy.rewrite = (entity, body) => {
      if (entity !== 'SalesOrder') return undefined;
      pages += 1;
      firstPage ??= body as unknown[];
      const turn = pages % firstPage.length;
      return pages > 20 ? '[]' : JSON.stringify([...firstPage.slice(turn), ...firstPage.slice(0, turn)]);
    };
    const engine = await engineAgainst(sim, { instanceUrl: proxy.baseUrl }, 4);
    try {
      await expect(engine.connector.syncOnce()).rejects.toThrow(/sent SalesOrder SO SO0000\d\d twice while the connector paged through the changes: its pages are not in key order/);
      // The second page repeated the first (a third may have been on the wire when that was seen).
      expect(pages).toBeLessThanOrEqual(3);
      expect(heldOrders(engine)).toHaveLength(4);
      expect(engine.connector.ledger.activity.listKindSince('sync.failed.bad-response', 0).map((entry) => entry.message)).toEqual([expect.stringMatching(/twice/)]);

      // Acumatica pages properly again: the next cycle imports the rest, from where the first page ended.
      proxy.rewrite = null;
      await engine.connector.syncOnce();
      expect(heldOrders(engine)).toHaveLength(8);
    } finally {
      await engine.dispose();
    }
  });

  it('fails the cycle, storing nothing of the page, when a page holds an order twice (where another order belonged)', async () => {
    const orders = Array.from({ length: 8 }, () => sim.admin.createOrder({ orderType: 'SO', status: 'Open' }).orderNbr).sort();
    // The second page's second order stands in for its third: that one would be skipped for good.
    let pages = 0;
    proxy.rewrite = (entity, body) => {
      if (entity !== 'SalesOrder' || ++pages !== 2) return undefined;
      const records = body as unknown[];
      records[2] = records[1];
      return JSON.stringify(records);
    };
    const engine = await engineAgainst(sim, { instanceUrl: proxy.baseUrl }, 4);
    try {
      await expect(engine.connector.syncOnce()).rejects.toThrow(`sent SalesOrder SO ${orders[5]} twice`);
      expect(heldOrders(engine)).toEqual(orders.slice(0, 4));
      await engine.connector.syncOnce();
      expect(heldOrders(engine)).toEqual(orders);
    } finally {
      await engine.dispose();
    }
  });
});
