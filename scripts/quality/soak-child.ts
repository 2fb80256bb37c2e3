// The connector side of the soak, in its own process: the real engine (ledger, vault, log,
// connection, fulfillment) driven cycle by cycle over IPC. Its clock can be moved forward so the
// drain does not wait out the outbox's real backoff (30 s doubling) for jobs a flaky receiver refused.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connector } from '../../main/engine/connector.ts';
import { saveSetup } from '../../main/engine/setup-actions.ts';
import { createLogger } from '../../main/log/index.ts';
import { openHeadlessVault } from '../../main/vault/index.ts';
import { SetupInput } from '../../preload/api.ts';
import { liveObjectCounts } from './heap-counts.ts';
import type { CycleSummary, SoakReply, SoakRequest, SoakResults, SoakSetup } from './soak-protocol.ts';
import { ownPeakRssKb } from './peak-rss.ts';

const ALL_STATUSES = ['Open', 'On Hold', 'Back Order', 'Completed', 'Cancelled'];
const dataDir = mkdtempSync(join(tmpdir(), 'ds-soak-'));
const log = createLogger({ dataDir, baseName: 'soak' });
const { vault } = await openHeadlessVault({ dataDir, env: { DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 9).toString('base64') } });
let offsetMs = 0;
let connector: Connector | null = null;

function engine(): Connector {
  if (!connector) throw new Error('setup first');
  return connector;
}

async function setup(input: SoakSetup): Promise<SoakResults['setup']> {
  connector = new Connector({
    dataDir,
    vault,
    log,
    now: () => Date.now() + offsetMs,
    connection: { timeouts: input.timeouts, retry: { maxAttempts: 3, backoff: { baseMs: 20, capMs: 200 } }, tokenBackoff: { baseMs: 20, capMs: 200 } },
  });
  await connector.refreshSecretPresence();
  const { instanceUrl, clientId, clientSecret, username, password } = input;
  await saveSetup(connector, SetupInput.parse({ instanceUrl, clientId, clientSecret, username, password, orderTypes: input.orderTypes, orderStatuses: ALL_STATUSES }), true);
  await vault.set('webhookApiKey', input.webhookApiKey);
  await vault.set('webhookSigningSecret', input.webhookSigningSecret);
  connector.applySettings({ firstRunDays: 31, pageSize: 50, requestsPerMinute: 10_000, destinations: { webhook: { url: input.webhookUrl, timeoutSeconds: 5 }, folder: null } });
  return { ledgerPath: connector.ledger.path };
}

async function cycle(): Promise<CycleSummary> {
  try {
    const r = await engine().syncOnce();
    return {
      ok: true, failureKind: null, imported: r.orders.imported + r.shipments.imported, updated: r.orders.updated + r.shipments.updated,
      delivered: r.deliveries.delivered, retried: r.deliveries.retried, parked: r.deliveries.parked,
      trackingPosted: r.tracking.posted, trackingFailed: r.tracking.failed, requests: r.requests,
      passwordGrants: r.tokenGrants.password, refreshGrants: r.tokenGrants.refresh,
    };
  } catch (error) {
    const kind = typeof error === 'object' && error !== null && 'kind' in error ? String(error.kind) : 'unexpected';
    if (kind === 'unexpected') process.stderr.write(`soak child: unexpected failure: ${String(error)}\n`);
    return { ok: false, failureKind: kind, imported: 0, updated: 0, delivered: 0, retried: 0, parked: 0, trackingPosted: 0, trackingFailed: 0, requests: 0, passwordGrants: 0, refreshGrants: 0 };
  }
}

async function idle(cycles: number, sampleEvery: number): Promise<SoakResults['idle']> {
  const rssBytes: number[] = [];
  const heapBytes: number[] = [];
  let failed = 0;
  let requests = 0;
  const started = performance.now();
  const gc = (globalThis as { gc?: () => void }).gc;
  // Without it the samples show where the collector happened to be, not what is retained.
  if (!gc) throw new Error('the soak child must run with --expose-gc');
  for (let i = 1; i <= cycles; i++) {
    const summary = await cycle();
    if (!summary.ok) failed += 1;
    requests += summary.requests;
    if (i % sampleEvery !== 0) continue;
    // A full collection before each sample, so the series shows what is retained rather than
    // where the collector happened to be (an uncollected heap climbs ~0.6 MB a cycle, then drops).
    gc();
    const memory = process.memoryUsage();
    rssBytes.push(memory.rss);
    heapBytes.push(memory.heapUsed);
  }
  return { rssBytes, heapBytes, failed, requests, ms: performance.now() - started };
}

async function handle(request: SoakRequest): Promise<unknown> {
  switch (request.op) {
    case 'setup':
      return setup(request.setup);
    case 'cycle':
      return cycle();
    case 'track': {
      let queued = 0;
      for (const item of request.items) {
        if (engine().ledger.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr: item.shipmentNbr }, trackingNbr: item.trackingNbr, boxId: 'SMALL' }).queued) queued += 1;
      }
      return { queued };
    }
    case 'retry-failed-tracking': {
      // The operator's "retry" (UI or `tracking retry`), for rows a fault made fail for good.
      const failed = engine().ledger.tracking.listByStatus('failed', 1000);
      for (const entry of failed) engine().ledger.tracking.requeue(entry.id);
      return { reasons: failed.map((entry) => `${entry.trackingNbr}: ${entry.error ?? ''}`) };
    }
    case 'advance':
      offsetMs += request.ms;
      return { offsetMs };
    case 'idle':
      return idle(request.cycles, request.sampleEvery);
    case 'heap-counts':
      // undici drops cleared request timers from its list on a 0.5 s tick (up to ~80 wait there
      // at full pace): two ticks first, so only what is kept is counted.
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      return liveObjectCounts();
    case 'close':
      await engine().stop();
      log.close();
      setImmediate(() => process.disconnect());
      return { maxRssKb: ownPeakRssKb() };
  }
}

process.on('message', (message: { id: number; request: SoakRequest }) => {
  handle(message.request).then(
    (value) => process.send?.({ id: message.id, ok: true, value } satisfies SoakReply),
    (error: unknown) => process.send?.({ id: message.id, ok: false, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies SoakReply),
  );
});
