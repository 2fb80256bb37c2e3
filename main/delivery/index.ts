// Delivery: the outbox and its destinations (webhook, folder export), tracking writeback and the
// tracking inbox. Plain Node; other folders import from here.
//
// HOOK POINTS for the sync cycle and the engine:
//
// 1. Inside each page's transaction (main/sync, where upsertOrders/upsertShipments run in the
//    cursor's commit), right after the upsert, queue the versions it actually wrote:
//
//      const result = ledger.orders.upsertOrders(page);
//      const written = new Set(result.changes.map((c) => `${c.key.orderType}/${c.key.orderNbr}`));
//      enqueueChanges(ledger, activeDestinations(settings.destinations), {
//        orders: page.filter((o) => written.has(`${o.orderType}/${o.orderNbr}`)), // has lastModified
//        shipments: [],
//      });
//
//    Pure ledger writes, no I/O, so the import and its jobs commit (or roll back) together.
//
// 2. Each cycle, after the import passes (the Acumatica connection is warm):
//      await processInbox(inboxDir, ledger)                       // if an inbox folder is set
//      await trackingWriter.runOnce(connection.entities, ledger, { confirmShipments, createShipmentsForOrders, defaultBoxId })
//      await outboxWorker.runOnce({ now: Date.now() })
//    The tracking result's posted/failed go into CycleReport.tracking. The outbox worker needs no
//    Acumatica connection: the engine may also run it on its own timer (every ~15 s) so a
//    receiver that comes back is served before the next poll.
//
// 3. When the `destinations` setting changes (or at start): closeDestinations(old), then
//    outboxWorker = new OutboxWorker({ ledger, destinations: buildDestinations(settings.destinations, { vault }) }).
//    Its next run drops what a destination no longer in the setting was still owed.
//
//    Daily, with the ledger's retention (if an inbox folder is set):
//      await pruneInboxArchive(inboxDir, { olderThanDays: retentionDays, now })
//
// 4. Operator actions (UI and CLI): outboxWorker.retryParked(id) (or ledger.outbox.retryParked),
//    ledger.tracking.requeue(id); lists from ledger.outbox.listByStatus('parked', ...) and
//    ledger.tracking.listByStatus('failed', ...). The API key and signing secret are set with
//    vault.set('webhookApiKey' | 'webhookSigningSecret', value) and never leave the vault.
export { activeDestinations, DestinationSettings, FolderDestinationSettings, WebhookDestinationSettings, WebhookUrl } from './destinations.ts';
export type { DeliveryOutcome, Destination, DestinationName } from './destinations.ts';
export { buildDestinations, closeDestinations } from './build-destinations.ts';
export type { BuildDestinationsOptions } from './build-destinations.ts';
export { DeliveryPayload, OrderPayload, ShipmentPayload, PAYLOAD_SCHEMA_VERSION, payloadFor } from './payload.ts';
export { backoffDelay, DEFAULT_BACKOFF, enqueueChanges, OutboxWorker } from './outbox.ts';
export type { BackoffPolicy, OutboxLedger, OutboxRunResult, OutboxWorkerOptions, RecordChanges } from './outbox.ts';
export { API_KEY_HEADER, classifyStatus, IDEMPOTENCY_HEADER, SIGNATURE_HEADER, signatureHeader, WebhookDestination } from './webhook-destination.ts';
export { exportFileName, FolderDestination, writeFileAtomic } from './folder-destination.ts';
export { TrackingWriter } from './tracking-writer.ts';
export type { TrackingLedger, TrackingRunResult, TrackingWriteSettings } from './tracking-writer.ts';
export type { TrackingEntities } from './tracking-acumatica.ts';
export { processInbox } from './tracking-inbox.ts';
export { setAsideInbox } from './inbox-set-aside.ts';
export { pruneInboxArchive } from './inbox-archive.ts';
export type { FileReport, InboxLedger, InboxOptions, RowReport } from './tracking-inbox.ts';
export { parseTrackingCsv } from './tracking-csv.ts';
