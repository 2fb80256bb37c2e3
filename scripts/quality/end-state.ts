// The invariants a soak or crash run must end with, checked against the simulator (the truth),
// the ledger read from outside, and the receiver's own record of what it accepted. Each check
// prints a figure; each broken invariant adds a failure line.
import { formatTimestamp, type Simulator } from '../../test/acumatica-sim/index.ts';
import type { LedgerSnapshot } from './ledger-probe.ts';
import type { WebhookSink } from './webhook-sink.ts';

export interface QueuedTracking {
  shipmentNbr: string;
  trackingNbr: string;
}

export interface EndStateInput {
  sim: Simulator;
  /** The connector's filter: these order types, every status (so the expected set is path-independent). */
  orderTypes: readonly string[];
  ledger: LedgerSnapshot;
  sink: WebhookSink;
  tracking: readonly QueuedTracking[];
}

export interface EndStateReport {
  lines: string[];
  failures: string[];
}

export function checkEndState({ sim, orderTypes, ledger, sink, tracking }: EndStateInput): EndStateReport {
  const lines: string[] = [];
  const failures: string[] = [];
  const check = (ok: boolean, failure: string): void => {
    if (!ok) failures.push(failure);
  };
  const offset = sim.options.utcOffsetMinutes;
  const expected = new Map<string, string>();
  for (const order of sim.inspect.orders()) {
    if (orderTypes.includes(order.orderType)) expected.set(`${order.orderType}/${order.orderNbr}`, formatTimestamp(order.lastModified, offset));
  }

  const missing = [...expected.keys()].filter((key) => !ledger.orders.has(key));
  const extra = [...ledger.orders.keys()].filter((key) => !expected.has(key));
  const stale = [...expected].filter(([key, version]) => ledger.orders.has(key) && ledger.orders.get(key) !== version).map(([key]) => key);
  lines.push(`orders: simulator ${expected.size} under the filter, ledger ${ledger.orders.size}; missing ${missing.length}, extra ${extra.length}, doubled ${ledger.doubledOrders}, stale version ${stale.length}`);
  check(missing.length === 0, `ledger misses ${missing.length} orders, e.g. ${missing.slice(0, 3).join(', ')}`);
  check(extra.length === 0, `ledger holds ${extra.length} orders outside the filter, e.g. ${extra.slice(0, 3).join(', ')}`);
  check(ledger.doubledOrders === 0, `ledger doubles ${ledger.doubledOrders} orders`);
  check(stale.length === 0, `ledger holds an old version of ${stale.length} orders, e.g. ${stale.slice(0, 3).join(', ')}`);

  const undelivered = [...expected].filter(([key, version]) => !sink.accepted.has(`order:${key}@${version}`)).map(([key]) => key);
  const unknown = [...sink.accepted.keys()].filter((key) => key.startsWith('order:') && !expected.has(key.slice('order:'.length, key.lastIndexOf('@'))));
  const stats = sink.stats();
  const orderKeys = [...sink.accepted.keys()].filter((key) => key.startsWith('order:')).length;
  lines.push(
    `webhook: ${stats.requests} requests, ${stats.unique} unique keys (${orderKeys} order versions), ${stats.duplicates} duplicates acknowledged without processing, ` +
      `${stats.unavailable} answered 503, ${stats.droppedAfterAccept} dropped after accepting, ${stats.rejected} rejected, ${stats.outOfOrder} out of order`,
  );
  lines.push(`webhook: current order versions not delivered ${undelivered.length}, keys for unknown orders ${unknown.length}; outbox pending ${ledger.outbox.pending}, parked ${ledger.outbox.parked}, delivered ${ledger.outbox.delivered}`);
  check(undelivered.length === 0, `${undelivered.length} current order versions never reached the webhook, e.g. ${undelivered.slice(0, 3).join(', ')}`);
  check(unknown.length === 0, `the webhook accepted ${unknown.length} keys of orders the simulator does not have`);
  check(stats.rejected === 0, `the webhook had to reject ${stats.rejected} requests (bad key, signature or body)`);
  check(stats.outOfOrder === 0, `${stats.outOfOrder} versions arrived after a newer version of the same record`);
  check(ledger.outbox.pending === 0 && ledger.outbox.parked === 0, `outbox not drained: ${ledger.outbox.pending} pending, ${ledger.outbox.parked} parked`);

  let notOnce = 0;
  for (const { shipmentNbr, trackingNbr } of tracking) {
    const onTarget = sim.inspect.shipmentPackages(shipmentNbr).filter((pkg) => pkg.trackingNbr === trackingNbr).length;
    const everywhere = sim.inspect.shipments().reduce((sum, shipment) => sum + shipment.packages.filter((pkg) => pkg.trackingNbr === trackingNbr).length, 0);
    if (onTarget !== 1 || everywhere !== 1) notOnce += 1;
  }
  lines.push(`tracking: ${tracking.length} queued, ${tracking.length - notOnce} on their shipment exactly once, ${notOnce} missing or doubled; ledger posted ${ledger.tracking.posted}, queued ${ledger.tracking.queued}, failed ${ledger.tracking.failed}`);
  check(notOnce === 0, `${notOnce} tracking numbers are not on their shipment exactly once`);
  check(ledger.tracking.queued === 0 && ledger.tracking.failed === 0, `tracking not drained: ${ledger.tracking.queued} queued, ${ledger.tracking.failed} failed`);
  return { lines, failures };
}
