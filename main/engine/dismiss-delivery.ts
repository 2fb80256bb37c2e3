// The operator's "dismiss" of a parked delivery, in the same words from the command line and the
// UI: the job is closed unsent and the activity log says who settled which record for which
// destination, so a dropped delivery is never a mystery later.
import { describeOutboxJob, outboxJobSubject } from '../delivery/outbox.ts';
import type { Ledger, OutboxEntry } from '../store/index.ts';
import { deliveryDismissRefusal } from './retry-refusal.ts';

export class DeliveryDismissRefused extends Error {}

/** Closes parked job `id` as dropped and records it; throws DeliveryDismissRefused when it is not parked. */
export function dismissParkedDelivery(ledger: Ledger, id: number, from: 'command line' | 'dashboard'): OutboxEntry {
  return ledger.transaction(() => {
    const entry = ledger.outbox.dismissParked(id, `Dismissed from the ${from}.`);
    if (entry === null) throw new DeliveryDismissRefused(deliveryDismissRefusal(id, ledger.outbox.statusOf(id)));
    ledger.activity.record({
      level: 'warn',
      kind: 'outbox.dismissed',
      message: `Delivery #${entry.id} of ${describeOutboxJob(entry)} to the ${entry.destination} was dismissed from the ${from}: it will not be sent.`,
      subject: outboxJobSubject(entry),
      details: { id: entry.id, destination: entry.destination },
    });
    return entry;
  });
}
