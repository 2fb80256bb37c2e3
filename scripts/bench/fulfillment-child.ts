// The connector side of the delivery and tracking figures, in its own process: set up against the
// simulator with the webhook destination, backfill (queueing a delivery per record), then sync
// cycles until the outbox is empty (the connector delivers up to 100 jobs per destination a cycle),
// one idle cycle as the baseline, then queue tracking numbers and run one cycle that posts them.
// Prints one JSON line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHeadlessEngine } from '../../main/engine/open-headless.ts';
import { saveSetup } from '../../main/engine/setup-actions.ts';
import { SetupInput } from '../../preload/api.ts';

export interface FulfillmentInput {
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
  username: string;
  password: string;
  pageSize: number;
  webhookUrl: string;
  webhookApiKey: string;
  webhookSigningSecret: string;
  /** Shipment numbers to queue one tracking number each for. */
  trackingShipments: string[];
}

const MAX_DRAIN_CYCLES = 10_000;
const input = JSON.parse(process.env.BENCH_INPUT ?? '{}') as FulfillmentInput;
const dataDir = mkdtempSync(join(tmpdir(), 'ds-bench-fulfil-'));
const engine = await openHeadlessEngine({ dataDir, env: { DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 1).toString('base64') }, logName: 'bench' });
const { connector } = engine;
const { instanceUrl, clientId, clientSecret, username, password } = input;
await saveSetup(connector, SetupInput.parse({ instanceUrl, clientId, clientSecret, username, password, orderTypes: ['SO', 'QT', 'RC'], orderStatuses: ['Open', 'On Hold', 'Back Order', 'Completed', 'Cancelled'] }), true);
await connector.vault.setMany({ webhookApiKey: input.webhookApiKey, webhookSigningSecret: input.webhookSigningSecret });
connector.applySettings({ firstRunDays: 31, requestsPerMinute: 10_000, pageSize: input.pageSize, destinations: { webhook: { url: input.webhookUrl, timeoutSeconds: 5 }, folder: null } });

const backfill = await connector.syncOnce();
const queued = connector.ledger.outbox.countByStatus().pending + backfill.deliveries.delivered;

// The drain: what the outbox delivers after the backfill's own cycle, until nothing is pending.
let drainCycles = 0;
let drainDelivered = 0;
let drainRequests = 0;
const drainStarted = performance.now();
while (connector.ledger.outbox.countByStatus().pending > 0 && drainCycles < MAX_DRAIN_CYCLES) {
  const report = await connector.syncOnce();
  drainCycles += 1;
  drainDelivered += report.deliveries.delivered;
  drainRequests += report.requests;
  if (report.deliveries.retried + report.deliveries.parked > 0) throw new Error(`delivery failed: ${JSON.stringify(report.deliveries)}`);
}
const drainMs = performance.now() - drainStarted;

// Baseline: a cycle with nothing to deliver or post (its requests are the sync's own polls).
const idleStarted = performance.now();
const idle = await connector.syncOnce();
const idleMs = performance.now() - idleStarted;

let trackingQueued = 0;
input.trackingShipments.forEach((shipmentNbr, i) => {
  const trackingNbr = `1ZBENCH${String(i).padStart(8, '0')}`;
  if (connector.ledger.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr }, trackingNbr, boxId: 'SMALL' }).queued) trackingQueued += 1;
});
const trackingStarted = performance.now();
const tracking = await connector.syncOnce();
const trackingMs = performance.now() - trackingStarted;

await engine.close();
rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(
  `${JSON.stringify({
    backfill: { orders: backfill.orders.imported, shipments: backfill.shipments.imported, delivered: backfill.deliveries.delivered, ms: backfill.durationMs },
    queued,
    drain: { cycles: drainCycles, delivered: drainDelivered, requests: drainRequests, ms: drainMs },
    idle: { requests: idle.requests, ms: idleMs },
    tracking: { queued: trackingQueued, posted: tracking.tracking.posted, failed: tracking.tracking.failed, requests: tracking.requests, ms: trackingMs },
  })}\n`,
);
