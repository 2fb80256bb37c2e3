// The outbox's rules with a scripted destination: jobs commit with the import, order per record,
// backoff, parking, retry from parked, dropping what a removed destination was owed, and the pure
// helpers.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeliveryOutcome, Destination } from '../../../main/delivery/destinations.ts';
import { backoffDelay, DEFAULT_BACKOFF, enqueueChanges, OutboxWorker } from '../../../main/delivery/outbox.ts';
import type { DeliveryPayload } from '../../../main/delivery/payload.ts';
import { openLedger } from '../../../main/store/index.ts';
import { fakeClock, makeOrder, makeShipment, tempDir } from '../store/fixtures.ts';

function scripted(name: string, outcomes: DeliveryOutcome['kind'][] = []): Destination & { sent: string[] } {
  const sent: string[] = [];
  return {
    name,
    sent,
    async deliver(payload: DeliveryPayload): Promise<DeliveryOutcome> {
      sent.push(payload.idempotencyKey);
      const kind = outcomes.shift() ?? 'delivered';
      return kind === 'delivered' ? { kind } : { kind, error: `${kind} by test` };
    },
  };
}

function setup(path = ':memory:') {
  const clock = fakeClock();
  const ledger = openLedger({ path, now: clock.now });
  const importOrder = (nbr: string, lastModified: string, destinations = ['webhook']) =>
    ledger.transaction(() => {
      ledger.orders.upsertOrders([makeOrder({ orderNbr: nbr, lastModified })]);
      return enqueueChanges(ledger, destinations, { orders: [{ orderType: 'SO', orderNbr: nbr, lastModified }], shipments: [] });
    });
  return { clock, ledger, importOrder };
}

const T1 = '2026-11-28T10:00:00.000-05:00';
const T2 = '2026-11-28T11:00:00.000-05:00';

describe('enqueueChanges', () => {
  it('queues one job per destination and version, joins the import transaction, and ignores a repeat', () => {
    const { ledger, importOrder } = setup();
    expect(importOrder('SO1', T1, ['webhook', 'folder'])).toBe(2);
    expect(importOrder('SO1', T1, ['webhook', 'folder'])).toBe(0);
    expect(() =>
      ledger.transaction(() => {
        ledger.shipments.upsertShipments([makeShipment()]);
        enqueueChanges(ledger, ['webhook'], { orders: [], shipments: [{ shipmentNbr: 'SH000101', lastModified: makeShipment().lastModified }] });
        throw new Error('page failed');
      }),
    ).toThrow('page failed');
    expect(ledger.outbox.countByStatus().pending).toBe(2);
    expect(ledger.shipments.hasShipment('SH000101')).toBe(false);
  });
});

describe('OutboxWorker', () => {
  it('delivers to each destination separately; one failing does not hold the other', async () => {
    const { clock, ledger, importOrder } = setup();
    importOrder('SO1', T1, ['webhook', 'folder']);
    const webhook = scripted('webhook', ['retry']);
    const folder = scripted('folder');
    const result = await new OutboxWorker({ ledger, destinations: [webhook, folder], random: () => 0.5 }).runOnce({ now: clock.now() });
    expect(result).toEqual({ delivered: 1, retried: 1, parked: 0, superseded: 0, dropped: 0 });
    const [pending] = ledger.outbox.listByStatus('pending', 5);
    expect(pending).toMatchObject({ destination: 'webhook', attempts: 1, nextAttemptAt: clock.now() + 30_000, lastError: 'retry by test' });
  });

  it('never sends a newer version before an older one: older pending versions are superseded', async () => {
    const { clock, ledger, importOrder } = setup();
    importOrder('SO1', T1);
    importOrder('SO2', T1);
    importOrder('SO1', T2);
    const webhook = scripted('webhook');
    const result = await new OutboxWorker({ ledger, destinations: [webhook] }).runOnce({ now: clock.now() });
    expect(result).toMatchObject({ delivered: 2, superseded: 1 });
    expect(webhook.sent).toEqual([`order:SO/SO1@${T2}`, `order:SO/SO2@${T1}`]);
  });

  it('parks on a permanent refusal, and after maxAttempts, with activity on the order; retryParked makes it due', async () => {
    const { clock, ledger, importOrder } = setup();
    importOrder('SO1', T1);
    importOrder('SO2', T1);
    const policy = { baseMs: 1000, maxMs: 4000, maxAttempts: 3 };
    const webhook = scripted('webhook', ['park', 'retry', 'retry', 'retry']);
    const worker = new OutboxWorker({ ledger, destinations: [webhook], policy, random: () => 0.5 });
    expect(await worker.runOnce({ now: clock.now() })).toMatchObject({ parked: 1, retried: 1 });
    clock.advance(1000);
    expect(await worker.runOnce({ now: clock.now() })).toMatchObject({ retried: 1 });
    clock.advance(2000);
    expect(await worker.runOnce({ now: clock.now() })).toMatchObject({ parked: 1 });
    const parked = ledger.outbox.listByStatus('parked', 5);
    expect(parked.map((p) => [p.recordKey, p.attempts, p.lastError])).toEqual([
      ['SO/SO2', 3, 'Gave up after 3 attempts: retry by test'],
      ['SO/SO1', 1, 'park by test'],
    ]);
    const timeline = ledger.orders.getOrder({ orderType: 'SO', orderNbr: 'SO1' })?.timeline ?? [];
    expect(timeline.find((a) => a.kind === 'outbox.parked.webhook')?.message).toContain('Retry it from Deliveries');

    worker.retryParked(parked[1]!.id);
    expect(await worker.runOnce({ now: clock.now() })).toMatchObject({ delivered: 1 });
  });

  it('parks a job whose record left the ledger, and turns a throw into a retry', async () => {
    const { clock, ledger } = setup();
    ledger.outbox.enqueue({ entity: 'shipment', shipmentNbr: 'GONE', lastModified: T1 }, 'webhook');
    const result = await new OutboxWorker({ ledger, destinations: [scripted('webhook')] }).runOnce({ now: clock.now() });
    expect(result).toMatchObject({ parked: 1 });
    expect(ledger.outbox.listByStatus('parked', 1)[0]?.lastError).toContain('no longer in the ledger');

    const { ledger: l2, clock: c2, importOrder } = setup();
    importOrder('SO1', T1);
    const broken: Destination = { name: 'webhook', deliver: () => Promise.reject(new Error('bug')) };
    expect(await new OutboxWorker({ ledger: l2, destinations: [broken] }).runOnce({ now: c2.now() })).toMatchObject({ retried: 1 });
    expect(l2.outbox.listByStatus('pending', 1)[0]?.lastError).toBe('Delivery failed unexpectedly: bug');
  });

  it('drops, once and with one activity entry, what a removed destination was owed; its records stay; nothing is re-sent when it returns', async () => {
    const folderForLedger = tempDir();
    const { clock, ledger, importOrder } = setup(join(folderForLedger.dir, 'ledger.sqlite'));
    try {
      importOrder('SO1', T1, ['webhook', 'folder']);
      importOrder('SO2', T1, ['webhook', 'folder']);
      const folder = scripted('folder', ['park', 'retry']);
      await new OutboxWorker({ ledger, destinations: [scripted('webhook', ['retry']), folder], random: () => 0.5 }).runOnce({ now: clock.now() });
      expect(ledger.outbox.countByStatus()).toEqual({ pending: 3, parked: 1, delivered: 0, dropped: 0 });
      clock.advance(60_000);

      // The admin removes the folder from the destinations setting.
      const webhook = scripted('webhook');
      const worker = new OutboxWorker({ ledger, destinations: [webhook] });
      expect(await worker.runOnce({ now: clock.now() })).toMatchObject({ dropped: 2, delivered: 2 });
      expect(ledger.outbox.countByStatus()).toEqual({ pending: 0, parked: 0, delivered: 2, dropped: 2 });
      expect(ledger.counts()).toMatchObject({ outboxPending: 0, outboxParked: 0 });
      expect(ledger.outbox.listByStatus('dropped', 5).map((job) => [job.destination, job.recordKey, job.lastError])).toEqual([
        ['folder', 'SO/SO2', 'Dropped unsent: the folder destination was removed from the settings.'],
        ['folder', 'SO/SO1', 'Dropped unsent: the folder destination was removed from the settings.'],
      ]);
      expect(ledger.outbox.retryParked(ledger.outbox.listByStatus('dropped', 1)[0]!.id)).toBe(false);
      await worker.runOnce({ now: clock.now() });
      const entries = ledger.activity.listKindSince('outbox.dropped.folder', 0);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({ level: 'warn', details: { destination: 'folder', dropped: 2 } });
      expect(entries[0]?.message).toMatch(/^2 deliveries to the folder were dropped unsent: the folder destination was removed/);
      expect(ledger.orders.countAll()).toBe(2);

      // The folder comes back: the same versions are not queued or sent again; a new one is.
      const returned = scripted('folder');
      const both = new OutboxWorker({ ledger, destinations: [webhook, returned] });
      expect(importOrder('SO2', T1, ['webhook', 'folder'])).toBe(0);
      expect(importOrder('SO1', T2, ['webhook', 'folder'])).toBe(2);
      expect(await both.runOnce({ now: clock.now() })).toMatchObject({ delivered: 2, dropped: 0 });
      expect(returned.sent).toEqual([`order:SO/SO1@${T2}`]);
    } finally {
      ledger.close();
      folderForLedger.cleanup();
    }
  });

  it('drops nothing for a destination another process has just set up, whatever this worker was built from', async () => {
    // The service built its worker from the settings at its cycle's start (the folder only). Meanwhile
    // the CLI, on the same data folder, adds the webhook and its `sync --once` queues jobs for it.
    const folderForLedger = tempDir();
    const path = join(folderForLedger.dir, 'ledger.sqlite');
    const service = setup(path);
    const cli = setup(path);
    try {
      const staleWorker = new OutboxWorker({ ledger: service.ledger, destinations: [scripted('folder')] });
      cli.ledger.settings.setSetting('destinations', { webhook: { url: 'https://hooks.example.com/in', timeoutSeconds: 30 }, folder: { path: folderForLedger.dir, format: 'json' } });
      cli.importOrder('SO1', T1, ['webhook', 'folder']);

      expect(await staleWorker.runOnce({ now: service.clock.now() })).toMatchObject({ dropped: 0, delivered: 1 });
      expect(service.ledger.outbox.countByStatus()).toEqual({ pending: 1, parked: 0, delivered: 1, dropped: 0 });
      expect(service.ledger.outbox.listByStatus('pending', 1)[0]?.destination).toBe('webhook');
      expect(service.ledger.activity.listKindSince('outbox.dropped.webhook', 0)).toEqual([]);

      // Once the webhook is really removed, what it was owed is dropped.
      cli.ledger.settings.setSetting('destinations', { webhook: null, folder: { path: folderForLedger.dir, format: 'json' } });
      expect(await staleWorker.runOnce({ now: service.clock.now() })).toMatchObject({ dropped: 1 });
    } finally {
      cli.ledger.close();
      service.ledger.close();
      folderForLedger.cleanup();
    }
  });

  it('bounds the deliveries per destination per run', async () => {
    const { clock, ledger, importOrder } = setup();
    for (let i = 0; i < 5; i++) importOrder(`SO${i}`, T1);
    const webhook = scripted('webhook');
    expect(await new OutboxWorker({ ledger, destinations: [webhook], batchSize: 2 }).runOnce({ now: clock.now() })).toMatchObject({ delivered: 2 });
  });
});

describe('backoffDelay', () => {
  it('doubles from 30 s to a 1 h cap, with ±20 % jitter', () => {
    const mid = (n: number) => backoffDelay(n, DEFAULT_BACKOFF, () => 0.5);
    expect([1, 2, 3, 4, 8, 9, 20].map(mid)).toEqual([30_000, 60_000, 120_000, 240_000, 3_600_000, 3_600_000, 3_600_000]);
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0)).toBe(24_000);
    expect(backoffDelay(1, DEFAULT_BACKOFF, () => 0.999999)).toBe(36_000);
  });
});
