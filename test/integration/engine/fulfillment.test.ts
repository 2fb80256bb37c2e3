import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst } from '../../support/engine-harness.ts';
import { createHandlers } from '../../../main/engine/handlers.ts';
import { dispatch } from '../../../main/engine/dispatch.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ orders: 80 });
});
afterAll(() => sim.stop());
afterEach(() => sim.reset());

describe('the fulfillment loop in the engine', () => {
  it('delivers every imported order to the export folder once, in the same cycle, and again only when it changes', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ds-export-'));
    const engine = await engineAgainst(sim);
    try {
      engine.connector.applySettings({ destinations: { webhook: null, folder: { path: folder, format: 'json' } } });
      const first = await engine.connector.syncOnce();
      const orderFiles = () => readdirSync(folder).filter((name) => name.startsWith('order'));
      expect(first.orders.imported).toBeGreaterThan(0);
      expect(orderFiles()).toHaveLength(first.orders.imported);
      expect(first.deliveries.delivered).toBe(first.orders.imported + first.shipments.imported);
      const sample = JSON.parse(readFileSync(join(folder, orderFiles()[0]!), 'utf8')) as { schemaVersion: number; entity: string; idempotencyKey: string };
      expect(sample).toMatchObject({ schemaVersion: 1, entity: 'order' });

      const idle = await engine.connector.syncOnce();
      expect(idle.deliveries.delivered).toBe(0);
      const [held] = engine.connector.ledger.orders.listOrders({ limit: 1 }).orders;
      sim.admin.modifyOrder(held!.orderType, held!.orderNbr, { description: 'changed' });
      sim.clock.advance(1_000);
      const changed = await engine.connector.syncOnce();
      expect(changed.orders.updated).toBe(1);
      expect(changed.deliveries.delivered).toBe(1);
    } finally {
      await engine.dispose();
    }
  });

  it('a parked delivery the operator dismisses is closed unsent, said in the activity log, and never sent afterwards', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ds-export-'));
    const missing = join(folder, 'share-not-mounted');
    const engine = await engineAgainst(sim);
    try {
      // The export folder is not there yet: every job waits, pending; one is parked as a permanent refusal would.
      engine.connector.applySettings({ destinations: { webhook: null, folder: { path: missing, format: 'json' } } });
      const first = await engine.connector.syncOnce();
      const [job] = engine.connector.ledger.outbox.listByStatus('pending', 1);
      engine.connector.ledger.outbox.park(job!.id, 'The folder refused this file.');
      const handlers = createHandlers(engine.connector, { name: 'DropStream Connector', version: 'test', mode: 'headless' });
      const seen: string[] = [];
      engine.connector.subscribe((event, payload) => {
        if (event === 'activity') seen.push(...(payload as { kind: string }[]).map((entry) => entry.kind));
      });

      const answer = await dispatch(handlers, 'dismissDelivery', { id: job!.id });
      expect(answer).toEqual({ ok: true, value: [] });
      expect(engine.connector.ledger.outbox.listByStatus('dropped', 10)).toMatchObject([{ id: job!.id, lastError: 'Dismissed from the dashboard. Last error: The folder refused this file.' }]);
      expect(engine.connector.ledger.outbox.countByStatus().parked).toBe(0);
      // The UI hears of it at once, not after the next cycle.
      expect(seen).toContain('outbox.dismissed');
      const [entry] = engine.connector.ledger.activity.listKindSince('outbox.dismissed', 0);
      expect(entry).toMatchObject({ level: 'warn', message: expect.stringMatching(new RegExp(`^Delivery #${job!.id} of (order|shipment) .+ to the folder was dismissed from the dashboard: it will not be sent\\.$`)) });
      const again = await dispatch(handlers, 'dismissDelivery', { id: job!.id });
      expect(again).toMatchObject({ ok: false, error: { code: 'invalid-request', field: 'id', message: `Delivery #${job!.id} is dropped, not parked: only a parked delivery can be dismissed.` } });
      expect(await dispatch(handlers, 'dismissDelivery', { id: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });

      // The share comes back: everything else is exported, the dismissed record is not.
      mkdirSync(missing);
      await engine.connector.syncOnce();
      const owed = first.orders.imported + first.shipments.imported;
      expect(readdirSync(missing).filter((name) => !name.startsWith('.'))).toHaveLength(owed - 1);
      expect(engine.connector.ledger.outbox.countByStatus()).toMatchObject({ pending: 0, parked: 0, dropped: 1, delivered: owed - 1 });
    } finally {
      await engine.dispose();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a destination the admin removes stops counting as pending: its jobs are dropped, its orders stay', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'ds-export-'));
    const engine = await engineAgainst(sim);
    try {
      // No webhook secrets are stored: every webhook job waits, pending.
      engine.connector.applySettings({ destinations: { webhook: { url: 'https://receiver.example/hook', timeoutSeconds: 5 }, folder: { path: folder, format: 'json' } } });
      const first = await engine.connector.syncOnce();
      const owed = first.orders.imported + first.shipments.imported;
      expect(engine.connector.status().counts.pendingDeliveries).toBe(owed);

      engine.connector.applySettings({ destinations: { webhook: null, folder: { path: folder, format: 'json' } } });
      await engine.connector.syncOnce();
      expect(engine.connector.status().counts.pendingDeliveries).toBe(0);
      expect(engine.connector.ledger.outbox.countByStatus()).toMatchObject({ pending: 0, dropped: owed, delivered: owed });
      expect(engine.connector.ledger.activity.listKindSince('outbox.dropped.webhook', 0)).toMatchObject([{ details: { destination: 'webhook', dropped: owed } }]);
      expect(engine.connector.ledger.orders.countAll()).toBe(first.orders.imported);
    } finally {
      await engine.dispose();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('posts a queued tracking number to the shipment in Acumatica once, and reports it in the cycle', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      const target = sim.inspect.shipments().find((shipment) => shipment.status === 'Open')!;
      const before = sim.inspect.shipmentPackages(target.shipmentNbr).filter((pkg) => pkg.trackingNbr === '1ZDS0001').length;
      expect(before).toBe(0);
      engine.connector.ledger.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr: target.shipmentNbr }, trackingNbr: '1ZDS0001', boxId: 'LARGE' });
      const report = await engine.connector.syncOnce();
      expect(report.tracking).toEqual({ posted: 1, failed: 0 });
      engine.connector.ledger.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr: target.shipmentNbr }, trackingNbr: '1ZDS0001' });
      await engine.connector.syncOnce();
      expect(sim.inspect.shipmentPackages(target.shipmentNbr).filter((pkg) => pkg.trackingNbr === '1ZDS0001')).toHaveLength(1);
    } finally {
      await engine.dispose();
    }
  });

  it('a failed tracking number the operator dismisses is closed unposted, said in the activity log, and stays so when the same row comes again', async () => {
    const engine = await engineAgainst(sim);
    try {
      await engine.connector.syncOnce();
      const typo = { kind: 'shipment' as const, shipmentNbr: 'SH999999' };
      const { id } = engine.connector.ledger.tracking.enqueue({ target: typo, trackingNbr: '1ZTYPO01' });
      expect((await engine.connector.syncOnce()).tracking).toEqual({ posted: 0, failed: 1 });
      const [failed] = engine.connector.ledger.tracking.listByStatus('failed', 5);
      const handlers = createHandlers(engine.connector, { name: 'DropStream Connector', version: 'test', mode: 'headless' });
      const seen: string[] = [];
      engine.connector.subscribe((event, payload) => {
        if (event === 'activity') seen.push(...(payload as { kind: string }[]).map((entry) => entry.kind));
      });

      expect(await dispatch(handlers, 'dismissTracking', { id })).toEqual({ ok: true, value: { dismissed: true } });
      expect(engine.connector.ledger.tracking.listByStatus('dismissed', 5)).toMatchObject([{ id, error: `Dismissed from the dashboard. Last error: ${failed!.error}` }]);
      expect(engine.connector.ledger.counts()).toMatchObject({ trackingFailed: 0, trackingQueued: 0 });
      expect(seen).toContain('tracking.dismissed');
      expect(engine.connector.ledger.activity.listKindSince('tracking.dismissed', 0)).toMatchObject([
        { level: 'warn', message: `Tracking 1ZTYPO01 (#${id}) for shipment SH999999 was dismissed from the dashboard: it will not be written to Acumatica.` },
      ]);
      // Asked twice (two windows), or for a number that is not failed: nothing changes.
      expect(await dispatch(handlers, 'dismissTracking', { id })).toEqual({ ok: true, value: { dismissed: false } });
      expect(await dispatch(handlers, 'dismissTracking', { id: 0 })).toMatchObject({ ok: false, error: { code: 'invalid-request', field: 'id' } });

      // The carrier file read again: the row stays dismissed, and the drawer is told so.
      expect(await dispatch(handlers, 'addTracking', { target: typo, trackingNbr: '1ZTYPO01' })).toEqual({ ok: true, value: { queued: false, id, status: 'dismissed' } });
      const requestsBefore = sim.inspect.requests().length;
      expect((await engine.connector.syncOnce()).tracking).toEqual({ posted: 0, failed: 0 });
      expect(sim.inspect.requests().slice(requestsBefore).some((r) => r.relativePath.includes('SH999999'))).toBe(false);
      // Entered again with a corrected Box ID: the operator wants it sent after all. Other windows
      // hear of it at once (before: at the next sync's end), and of a retry as of a dismiss.
      expect(await dispatch(handlers, 'addTracking', { target: typo, trackingNbr: '1ZTYPO01', boxId: 'LARGE' })).toEqual({ ok: true, value: { queued: true, id, status: 'queued' } });
      expect(seen.at(-1)).toBe('tracking.queued');
      engine.connector.ledger.tracking.markFailed(id, 'Shipment SH999999 does not exist in Acumatica.');
      expect(await dispatch(handlers, 'retryTracking', { id })).toEqual({ ok: true, value: { requeued: true } });
      expect(seen.at(-1)).toBe('tracking.requeued');
      expect(engine.connector.ledger.activity.listKindSince('tracking.requeued', 0)).toMatchObject([
        { level: 'info', message: `Tracking #${id} was queued again from the dashboard: it is posted at the next sync.` },
      ]);
    } finally {
      await engine.dispose();
    }
  });

  it('answers the UI: queue tracking from the order drawer, list it, refuse to retry a job that is not parked', async () => {
    const engine = await engineAgainst(sim);
    try {
      const handlers = createHandlers(engine.connector, { name: 'DropStream Connector', version: 'test', mode: 'headless' });
      const queued = await dispatch(handlers, 'addTracking', { target: { kind: 'order', orderType: 'SO', orderNbr: 'SO000001' }, trackingNbr: ' 1ZUI0001 ' });
      expect(queued).toEqual({ ok: true, value: { queued: true, id: expect.any(Number), status: 'queued' } });
      // A number that failed, entered again as it was: not queued, and the drawer is told it failed.
      const failing = engine.connector.ledger.tracking.enqueue({ target: { kind: 'order', orderType: 'SO', orderNbr: 'SO000001' }, trackingNbr: '1ZUI0009' });
      engine.connector.ledger.tracking.markFailed(failing.id, 'Shipment SH1 does not exist in Acumatica.');
      expect(await dispatch(handlers, 'addTracking', { target: { kind: 'order', orderType: 'SO', orderNbr: 'SO000001' }, trackingNbr: '1ZUI0009' })).toEqual({
        ok: true,
        value: { queued: false, id: failing.id, status: 'failed' },
      });
      const listed = await dispatch(handlers, 'listTracking', { status: 'queued' });
      expect(listed).toMatchObject({ ok: true, value: [{ trackingNbr: '1ZUI0001', target: { kind: 'order', orderNbr: 'SO000001' } }] });
      // Pasted from a web page or a spreadsheet: a zero-width space or a tab rides along. Queued,
      // it was a second number beside the clean one and went onto the shipment as a second package.
      for (const trackingNbr of ['1ZUI0001\u200b', '1ZUI\t0001']) {
        const pasted = await dispatch(handlers, 'addTracking', { target: { kind: 'order', orderType: 'SO', orderNbr: 'SO000001' }, trackingNbr });
        expect(pasted).toMatchObject({ ok: false, error: { code: 'invalid-request', field: 'trackingNbr', message: expect.stringMatching(/one line of printable text/) } });
      }
      const pastedCarrier = await dispatch(handlers, 'addTracking', { target: { kind: 'order', orderType: 'SO', orderNbr: 'SO000001' }, trackingNbr: '1ZUI0003', carrier: 'UPS\u0007' });
      expect(pastedCarrier).toMatchObject({ ok: false, error: { field: 'carrier' } });
      expect(engine.connector.ledger.tracking.countByStatus().queued).toBe(1);
      const bad = await dispatch(handlers, 'addTracking', { target: { kind: 'shipment', shipmentNbr: '' }, trackingNbr: 'X' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request', field: 'target.shipmentNbr' } });
      const retry = await dispatch(handlers, 'retryDelivery', { id: 12345 });
      expect(retry).toMatchObject({ ok: false, error: { code: 'invalid-request', message: 'Delivery #12345 does not exist (see the list of deliveries).' } });
      expect(await dispatch(handlers, 'listDeliveries', { status: 'parked' })).toEqual({ ok: true, value: [] });
    } finally {
      await engine.dispose();
    }
  });
});
