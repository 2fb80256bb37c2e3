import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst, reopenEngine } from '../../support/engine-harness.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ orders: 300, virtualDirectory: '/AcumaticaERP' });
});
afterAll(() => sim.stop());
afterEach(() => sim.reset());

const WEEK_MS = 7 * 24 * 60 * 60_000;
/** What a first run must import: open SO orders changed within the first-run window. */
function expectedFirstRun(s: Simulator): string[] {
  const since = s.clock.now() - WEEK_MS;
  return s.inspect
    .orders()
    .filter((o) => o.orderType === 'SO' && o.status === 'Open' && o.lastModified > since)
    .map((o) => o.orderNbr)
    .sort();
}
function ledgerOrderNbrs(engine: Awaited<ReturnType<typeof engineAgainst>>): string[] {
  return engine.connector.ledger.orders.listOrders({ limit: 100_000 }).orders.map((o) => o.orderNbr).sort();
}

describe('import engine against the simulator', () => {
  it('backfills the first-run window once, then an idle cycle costs one request per entity and no grant', async () => {
    const engine = await engineAgainst(sim);
    const events: { event: string; payload: unknown }[] = [];
    engine.connector.subscribe((event, payload) => events.push({ event, payload }));
    try {
      const first = await engine.connector.syncOnce();
      expect(first.orders.imported).toBeGreaterThan(0);
      // The UI hears the cycle start and finish with its counts and cost, and the orders it imported.
      const cycles = events.filter((e) => e.event === 'cycle').map((e) => e.payload as { phase: string; orders?: unknown; requests?: number; error?: unknown });
      expect(cycles.map((c) => c.phase)).toEqual(['started', 'finished']);
      expect(cycles[1]).toMatchObject({ orders: { imported: first.orders.imported, updated: 0 }, requests: first.requests, error: null });
      const streamed = events.filter((e) => e.event === 'orders').flatMap((e) => e.payload as { orderNbr: string }[]);
      expect(streamed).toHaveLength(first.orders.imported);
      expect(ledgerOrderNbrs(engine)).toEqual(expectedFirstRun(sim));
      expect(first.tokenGrants).toEqual({ password: 1, refresh: 0 });

      const idle = await engine.connector.syncOnce();
      expect(idle.orders).toEqual({ imported: 0, updated: 0 });
      expect(idle.tokenGrants).toEqual({ password: 0, refresh: 0 });
      expect(idle.requests).toBe(3); // SalesOrder:SO, Shipment, StockItem
      expect(sim.inspect.grants('password')).toHaveLength(1);
    } finally {
      await engine.dispose();
    }
  });

  it('needs no endpoint list after a passing connection test, nor after a restart', async () => {
    const endpointLists = () => sim.inspect.count({ method: 'GET', path: /^\/entity$/ });
    const engine = await engineAgainst(sim, {}, 10, { saveTested: true });
    try {
      expect(endpointLists()).toBe(1); // the connection test's
      const listPages = () => sim.inspect.count({ method: 'GET', path: /^\/entity\/Default\/[^/]+\/\w+$/ });
      const pagesBefore = listPages();
      const first = await engine.connector.syncOnce();
      expect(first.orders.imported).toBeGreaterThan(10); // several pages
      expect(endpointLists()).toBe(1);
      // What the cycle asked for: its list pages and one token, nothing else.
      expect(first.requests).toBe(listPages() - pagesBefore + 1);
    } finally {
      await engine.close();
    }
    const restarted = await reopenEngine(sim, engine.dataDir, 10);
    try {
      await restarted.connector.syncOnce();
      expect(endpointLists()).toBe(1);
    } finally {
      await restarted.close();
      await engine.dispose();
    }
  });

  it('picks up new orders and status changes incrementally, following an order it holds whatever its status', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      const created = sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
      const [held] = ledgerOrderNbrs(engine);
      sim.admin.setOrderStatus('SO', held!, 'Cancelled');
      sim.admin.createOrder({ orderType: 'SO', status: 'On Hold' }); // not in the filter, not held: skipped
      sim.clock.advance(1_000);

      const next = await engine.connector.syncOnce();
      expect(next.orders).toEqual({ imported: 1, updated: 1 });
      expect(engine.connector.ledger.orders.getOrder({ orderType: 'SO', orderNbr: created.orderNbr })?.order.status).toBe('Open');
      const cancelled = engine.connector.ledger.orders.getOrder({ orderType: 'SO', orderNbr: held! });
      expect(cancelled?.order.status).toBe('Cancelled');
      expect(cancelled?.timeline.some((entry) => entry.kind === 'order.status-changed')).toBe(true);
    } finally {
      await engine.dispose();
    }
  });

  it('loses nothing when records change or leave the filter while the pass is paging', async () => {
    const engine = await engineAgainst(sim, {}, 5);
    try {
      await engine.connector.syncOnce();
      const before = ledgerOrderNbrs(engine);
      expect(before.length).toBeGreaterThan(15);
      sim.clock.advance(5_000);
      // Between pages 1 and 2: an order behind the cursor's key position changes, and orders
      // ahead of it disappear from the filtered set (deleted, put on hold), which would shift $skip.
      const [first, second, third] = before;
      const ahead = before.slice(-3);
      sim.faults.betweenPages(
        () => {
          sim.admin.modifyOrder('SO', first!, { description: 'changed while paging' });
          sim.admin.deleteOrder('SO', second!);
          sim.admin.setOrderStatus('SO', third!, 'On Hold');
          for (const nbr of ahead.slice(0, 2)) sim.admin.setOrderStatus('SO', nbr, 'On Hold');
        },
        { entity: 'SalesOrder', times: 1 },
      );
      for (let i = 0; i < 3; i++) sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
      await engine.connector.syncOnce();
      sim.clock.advance(5_000);
      await engine.connector.syncOnce();

      const wanted = new Set(expectedFirstRun(sim));
      const held = new Set(ledgerOrderNbrs(engine));
      for (const nbr of wanted) expect(held.has(nbr), `${nbr} imported`).toBe(true);
      const changed = engine.connector.ledger.orders.getOrder({ orderType: 'SO', orderNbr: first! });
      expect(changed?.order.description).toBe('changed while paging');
      expect(engine.connector.ledger.orders.getOrder({ orderType: 'SO', orderNbr: third! })?.order.status).toBe('On Hold');
    } finally {
      await engine.dispose();
    }
  });

  it('matches the status filters as Acumatica compares text, whatever their case', async () => {
    const engine = await engineAgainst(sim, { orderStatuses: ['open'] });
    try {
      engine.connector.applySettings({ shipmentStatuses: ['OPEN'] });
      const [first] = expectedFirstRun(sim);
      const shipment = sim.admin.createShipment({ orders: [{ orderType: 'SO', orderNbr: first! }], status: 'Open' });
      await engine.connector.syncOnce();
      expect(ledgerOrderNbrs(engine)).toEqual(expectedFirstRun(sim));
      expect(engine.connector.ledger.shipments.hasShipment(shipment.shipmentNbr)).toBe(true);
    } finally {
      await engine.dispose();
    }
  });

  it('keeps an order type typed twice once, so retyping the list without the repeat re-reads nothing', async () => {
    const engine = await engineAgainst(sim);
    try {
      expect(engine.connector.applySettings({ orderTypes: ['SO', 'QT', 'SO'] }).orderTypes).toEqual(['SO', 'QT']);
      await engine.connector.syncOnce();
      expect(engine.connector.ledger.cursors.listCursors().map((c) => c.entity)).toContain('SalesOrder:QT,SO');
      engine.connector.applySettings({ orderTypes: ['QT', 'SO'] });
      const idle = await engine.connector.syncOnce();
      expect(idle.orders).toEqual({ imported: 0, updated: 0 });
      expect(idle.requests).toBe(3); // the same cursor: one request per entity, no first-run window again
    } finally {
      await engine.dispose();
    }
  });

  it('re-imports from a date later than where the last sync stopped without skipping what changed in between', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      // The connector is off for three days; an order is created on the first of them.
      sim.clock.advance(24 * 60 * 60_000);
      const missed = sim.admin.createOrder({ orderType: 'SO', status: 'Open' });
      sim.clock.advance(2 * 24 * 60 * 60_000);
      // Back, the operator re-imports "since yesterday": a date after that order was created.
      const since = new Date(sim.clock.now() - 12 * 60 * 60_000).toISOString().slice(0, 10);
      expect(Date.parse(`${since}T00:00:00`)).toBeGreaterThan(missed.lastModified);
      await engine.connector.syncOnce({ since });
      expect(ledgerOrderNbrs(engine)).toContain(missed.orderNbr);
    } finally {
      await engine.dispose();
    }
  });

  it('replaces an unreadable sync position on a re-import from a date, as its error says', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      engine.connector.ledger.cursors.setCursor('Shipment', 'not json');
      await expect(engine.connector.syncOnce()).rejects.toThrow(/sync position for Shipment is unreadable .*sync --since/);
      const since = new Date(sim.clock.now() - 24 * 60 * 60_000).toISOString().slice(0, 10);
      await engine.connector.syncOnce({ since });
      expect(JSON.parse(engine.connector.ledger.cursors.getCursor('Shipment')!.value)).toMatchObject({ pass: null });
    } finally {
      await engine.dispose();
    }
  });

  it('re-imports from a date on request, writing nothing it already holds', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      const held = ledgerOrderNbrs(engine).length;
      const since = new Date(sim.clock.now() - 30 * 24 * 60 * 60_000).toISOString().slice(0, 10);
      const again = await engine.connector.syncOnce({ since });
      expect(again.orders.updated).toBe(0);
      expect(ledgerOrderNbrs(engine).length).toBeGreaterThanOrEqual(held);
      expect(again.orders.imported).toBe(ledgerOrderNbrs(engine).length - held);
    } finally {
      await engine.dispose();
    }
  });
});
