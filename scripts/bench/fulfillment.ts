// Delivery and tracking figures for `npm run bench`: a simulator with `orders` orders and the
// signing, deduping webhook receiver of scripts/quality on loopback; the connector (a bundled child
// with the shipped V8 flags) backfills, drains its outbox to the receiver, then posts tracking
// numbers for simulator shipments. Figures only.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { startSimulator } from '../../test/acumatica-sim/index.ts';
import { startWebhookSink } from '../quality/webhook-sink.ts';
import type { FulfillmentInput } from './fulfillment-child.ts';

const runChild = promisify(execFile);

export async function fulfillmentFigures(options: { child: string; nodeOptions: string[]; pageSize: number; orders: number; trackingNumbers: number }): Promise<string[]> {
  const sim = await startSimulator({ orders: options.orders, seed: 7, maxApiSessions: 10 });
  const secrets = { webhookApiKey: randomBytes(16).toString('hex'), webhookSigningSecret: randomBytes(32).toString('hex') };
  const sink = await startWebhookSink({ apiKey: secrets.webhookApiKey, signingSecret: secrets.webhookSigningSecret });
  try {
    // Shipments whose packages carry no number yet, as a warehouse would post them.
    const trackingShipments = sim.inspect
      .shipments()
      .filter((s) => s.packages.every((p) => !p.trackingNbr))
      .slice(0, options.trackingNumbers)
      .map((s) => s.shipmentNbr);
    const input: FulfillmentInput = { instanceUrl: sim.baseUrl, ...sim.credentials, pageSize: options.pageSize, webhookUrl: sink.url, ...secrets, trackingShipments };
    const { stdout, stderr } = await runChild(process.execPath, [...options.nodeOptions, options.child], { env: { ...process.env, BENCH_INPUT: JSON.stringify(input) }, maxBuffer: 16 * 1024 * 1024 });
    if (stderr) process.stderr.write(stderr);
    const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      backfill: { orders: number; shipments: number; delivered: number; ms: number };
      queued: number;
      drain: { cycles: number; delivered: number; requests: number; ms: number };
      idle: { requests: number; ms: number };
      tracking: { queued: number; posted: number; failed: number; requests: number; ms: number };
    };
    const stats = sink.stats();
    const keys = [...sink.accepted.keys()];
    const orderKeys = keys.filter((k) => k.startsWith('order:')).length;
    const drainS = r.drain.ms / 1000;
    const trackingRequests = r.tracking.requests - r.idle.requests;
    const onShipments = trackingShipments.filter((nbr) => sim.inspect.shipment(nbr)?.packages.some((p) => p.trackingNbr?.startsWith('1ZBENCH'))).length;
    return [
      `webhook: records queued:     ${r.queued} (${r.backfill.orders} orders + ${r.backfill.shipments} shipments imported; simulator holds ${options.orders} orders)`,
      `webhook: receiver accepted:  ${stats.unique} unique (${orderKeys} orders), ${stats.duplicates} duplicates, ${stats.rejected} rejected`,
      `webhook: outbox drain:       ${r.drain.delivered} delivered in ${drainS.toFixed(2)} s over ${r.drain.cycles} sync cycles (${r.drain.requests} Acumatica requests)`,
      `webhook: delivery rate:      ${(r.drain.delivered / drainS).toFixed(0)} records/s   (≤100 per destination a cycle; each cycle also polls Acumatica, idle cycle ${r.idle.ms.toFixed(0)} ms)`,
      `tracking: posted:            ${r.tracking.posted} of ${r.tracking.queued} queued (${r.tracking.failed} failed), ${onShipments} found on their shipments`,
      `tracking: writeback rate:    ${(r.tracking.posted / (r.tracking.ms / 1000)).toFixed(0)} numbers/s   (one cycle of ${r.tracking.ms.toFixed(0)} ms incl. the idle polls)`,
      `tracking: requests / number: ${(trackingRequests / Math.max(1, r.tracking.posted)).toFixed(2)}   (${trackingRequests} = cycle ${r.tracking.requests} minus idle ${r.idle.requests})`,
    ];
  } finally {
    await sink.close();
    await sim.stop();
  }
}
