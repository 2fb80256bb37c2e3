// The operator's "retry" of a failed (or dismissed) tracking number, from the command line and the
// UI alike: queued again with a fresh count of tries, and said in the activity log, as a dismiss is,
// which also tells other open windows to read their Deliveries lists again.
import type { Ledger } from '../store/index.ts';

/** False when `id` is neither failed nor dismissed (the caller names why). */
export function requeueTracking(ledger: Ledger, id: number, from: 'command line' | 'dashboard'): boolean {
  return ledger.transaction(() => {
    if (!ledger.tracking.requeue(id)) return false;
    ledger.activity.record({
      level: 'info',
      kind: 'tracking.requeued',
      message: `Tracking #${id} was queued again from the ${from}: it is posted at the next sync.`,
      details: { id },
    });
    return true;
  });
}
