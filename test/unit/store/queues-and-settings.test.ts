import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Ledger } from '../../../main/store/ledger.ts';
import { openLedger } from '../../../main/store/ledger.ts';
import { outboxIdempotencyKey } from '../../../main/store/outbox-repository.ts';
import { SettingValueError } from '../../../main/store/settings-repository.ts';
import { DAY_MS, fakeClock, makeOrder, tempLedger } from './fixtures.ts';

let ledger: Ledger;
let path: string;
let clock: ReturnType<typeof fakeClock>;
let cleanup: () => void;

beforeEach(() => {
  clock = fakeClock();
  ({ ledger, path, cleanup } = tempLedger(clock.now));
});
afterEach(() => cleanup());

const v1 = { entity: 'order', orderType: 'SO', orderNbr: 'SO001234', lastModified: '2026-11-28T10:15:30.457-05:00' } as const;
const v2 = { ...v1, lastModified: '2026-11-28T11:00:00.000-05:00' } as const;

describe('outbox', () => {
  it('queues one row per record version and destination', () => {
    expect(outboxIdempotencyKey(v1)).toBe('order:SO/SO001234@2026-11-28T10:15:30.457-05:00');
    const first = ledger.outbox.enqueue(v1, 'webhook');
    expect(first.enqueued).toBe(true);
    expect(ledger.outbox.enqueue(v1, 'webhook')).toEqual({ enqueued: false, id: first.id });
    expect(ledger.outbox.enqueue(v2, 'webhook').enqueued).toBe(true);
    expect(ledger.outbox.enqueue(v1, 'folder').enqueued).toBe(true);
    expect(ledger.outbox.countByStatus()).toEqual({ pending: 3, delivered: 0, parked: 0, dropped: 0 });
  });

  it('hands out due entries, backs off failures, parks and retries', () => {
    const { id } = ledger.outbox.enqueue(v1, 'webhook');
    ledger.outbox.recordFailure(id, 'HTTP 503', clock.now() + 60_000);
    expect(ledger.outbox.listDue(10)).toEqual([]);
    clock.advance(60_000);
    expect(ledger.outbox.listDue(10)).toMatchObject([{ id, attempts: 1, lastError: 'HTTP 503' }]);

    ledger.outbox.park(id, 'HTTP 400 rejected');
    expect(ledger.outbox.listDue(10)).toEqual([]);
    expect(ledger.outbox.listByStatus('parked', 10)).toMatchObject([{ id, status: 'parked', attempts: 2 }]);

    ledger.outbox.retryParked(id);
    ledger.outbox.markDelivered(id);
    expect(ledger.outbox.countByStatus()).toEqual({ pending: 0, delivered: 1, parked: 0, dropped: 0 });
  });

  it('redacts secrets quoted in a stored error', () => {
    // A second connection to the same file, configured with a redactor.
    const redacting = openLedger({ path, now: clock.now, redact: (text) => text.replaceAll('s3cr3t', '[redacted]') });
    const { id } = redacting.outbox.enqueue(v1, 'webhook');
    redacting.outbox.park(id, 'POST https://hook.example/?key=s3cr3t failed');
    expect(redacting.outbox.listByStatus('parked', 1)[0]?.lastError).toBe('POST https://hook.example/?key=[redacted] failed');
    redacting.close();
  });
});

describe('tracking queue', () => {
  it('queues a number once per shipment, even when re-read with padding', () => {
    const target = { kind: 'shipment', shipmentNbr: 'SH000101' } as const;
    const first = ledger.tracking.enqueue({ target, trackingNbr: '1Z999AA10123456784', carrier: 'UPS', weight: 7.5, boxId: 'LARGE' });
    expect(first.queued).toBe(true);
    expect(ledger.tracking.enqueue({ target, trackingNbr: ' 1Z999AA10123456784 ' })).toEqual({ queued: false, id: first.id });
    ledger.tracking.markPosted(first.id);
    expect(ledger.tracking.enqueue({ target, trackingNbr: '1Z999AA10123456784' }).queued).toBe(false);
    expect(ledger.tracking.countByStatus()).toEqual({ queued: 0, posted: 1, failed: 0, dismissed: 0 });
  });

  it('keeps order targets apart from shipment targets and from each other', () => {
    const nbr = '9400100000000000000000';
    expect(ledger.tracking.enqueue({ target: { kind: 'order', orderType: 'SO', orderNbr: 'SO1' }, trackingNbr: nbr }).queued).toBe(true);
    expect(ledger.tracking.enqueue({ target: { kind: 'order', orderType: 'SO', orderNbr: 'SO1' }, trackingNbr: nbr }).queued).toBe(false);
    expect(ledger.tracking.enqueue({ target: { kind: 'order', orderType: 'SO', orderNbr: 'SO2' }, trackingNbr: nbr }).queued).toBe(true);
    expect(ledger.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr: 'SO1' }, trackingNbr: nbr }).queued).toBe(true);
    expect(ledger.tracking.listQueued(10).map((e) => e.target)).toEqual([
      { kind: 'order', orderType: 'SO', orderNbr: 'SO1' },
      { kind: 'order', orderType: 'SO', orderNbr: 'SO2' },
      { kind: 'shipment', shipmentNbr: 'SO1' },
    ]);
  });

  it('fails and requeues (a dismissed number too, undoing the dismiss), but never requeues a posted number', () => {
    const { id } = ledger.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr: 'SH1' }, trackingNbr: 'T1' });
    ledger.tracking.markFailed(id, 'HTTP 422: package not found');
    expect(ledger.tracking.listByStatus('failed', 10)).toMatchObject([{ id, error: 'HTTP 422: package not found', attempts: 1 }]);
    expect(ledger.tracking.requeue(id)).toBe(true);
    ledger.tracking.markFailed(id, 'HTTP 422: package not found');
    ledger.tracking.dismissFailed(id, 'Dismissed.');
    expect(ledger.tracking.requeue(id)).toBe(true);
    expect(ledger.tracking.listQueued(10)).toMatchObject([{ id, attempts: 0 }]);
    ledger.tracking.markPosted(id);
    ledger.tracking.requeue(id);
    expect(ledger.tracking.countByStatus()).toEqual({ queued: 0, posted: 1, failed: 0, dismissed: 0 });
  });

  it('queues a failed number again when it comes back with another Box ID, weight or carrier; the same row stays failed', () => {
    const target = { kind: 'shipment', shipmentNbr: 'SH000102' } as const;
    const { id } = ledger.tracking.enqueue({ target, trackingNbr: '1Z0900', boxId: 'BOXX' });
    ledger.tracking.markFailed(id, "Acumatica rejected the record while saving Shipment: BoxID: 'Box ID' cannot be found in the system: BOXX.");
    // The carrier file dropped again unchanged: nothing new to try.
    expect(ledger.tracking.enqueue({ target, trackingNbr: '1Z0900', boxId: 'BOXX' })).toEqual({ queued: false, id });
    expect(ledger.tracking.statusOf(id)).toBe('failed');
    // Corrected: the same number, queued again with the corrected box and a fresh count of tries.
    expect(ledger.tracking.enqueue({ target, trackingNbr: '1Z0900', boxId: 'SMALL', weight: 2 })).toEqual({ queued: true, id });
    expect(ledger.tracking.listQueued(10)).toMatchObject([{ id, boxId: 'SMALL', weight: 2, attempts: 0, error: null }]);
    // A posted number is never queued again, whatever comes with it.
    ledger.tracking.markPosted(id);
    expect(ledger.tracking.enqueue({ target, trackingNbr: '1Z0900', boxId: 'LARGE' }).queued).toBe(false);
    expect(ledger.tracking.countByStatus()).toEqual({ queued: 0, posted: 1, failed: 0, dismissed: 0 });
  });

  it('rejects an empty tracking number', () => {
    expect(() => ledger.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr: 'SH1' }, trackingNbr: '  ' })).toThrow(/empty/);
  });
});

describe('settings and cursors', () => {
  it('round-trips JSON settings through a schema and rejects a mismatch', () => {
    ledger.settings.setSetting('destinations', [{ kind: 'webhook', url: 'https://hook.example' }]);
    ledger.settings.setSetting('pollSeconds', 60);
    expect(ledger.settings.getSetting('pollSeconds', z.number().int())).toBe(60);
    expect(ledger.settings.getSetting('missing', z.number())).toBeUndefined();
    expect(() => ledger.settings.getSetting('pollSeconds', z.string())).toThrow(SettingValueError);
    expect(Object.keys(ledger.settings.listSettings())).toEqual(['destinations', 'pollSeconds']);
    ledger.settings.deleteSetting('pollSeconds');
    expect(ledger.settings.getSetting('pollSeconds', z.number())).toBeUndefined();
  });

  it('refuses to store secret-looking settings in the unencrypted ledger', () => {
    expect(() => ledger.settings.setSetting('clientSecret', 'x')).toThrow(/vault/);
    expect(() => ledger.settings.setSetting('refresh_token', 'x')).toThrow(/vault/);
  });

  it('keeps one cursor per entity with the time it moved', () => {
    ledger.cursors.setCursor('SalesOrder', 'a');
    clock.advance(DAY_MS);
    ledger.cursors.setCursor('SalesOrder', 'b');
    ledger.cursors.setCursor('Shipment', 'c');
    expect(ledger.cursors.listCursors()).toEqual([
      { entity: 'SalesOrder', value: 'b', updatedAt: clock.now() },
      { entity: 'Shipment', value: 'c', updatedAt: clock.now() },
    ]);
  });
});

describe('counts', () => {
  it('summarises the ledger for the dashboard', () => {
    ledger.orders.upsertOrders([makeOrder({ orderNbr: 'OLD' })]);
    clock.advance(DAY_MS);
    ledger.orders.upsertOrders([makeOrder({ orderNbr: 'NEW1' }), makeOrder({ orderNbr: 'NEW2' })]);
    ledger.outbox.enqueue(v1, 'webhook');
    const parked = ledger.outbox.enqueue(v2, 'webhook');
    ledger.outbox.park(parked.id, 'rejected');
    const posted = ledger.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr: 'SH1' }, trackingNbr: 'T1' });
    ledger.tracking.markPosted(posted.id);
    ledger.activity.record({ level: 'error', kind: 'auth.failed', message: 'invalid_client' });

    expect(ledger.counts()).toEqual({
      ordersTotal: 3,
      ordersImportedToday: 2,
      outboxPending: 1,
      outboxParked: 1,
      trackingQueued: 0,
      trackingPosted: 1,
      trackingFailed: 0,
      errorsToday: 1,
    });
  });
});
