// The operator's "dismiss" of a failed tracking number, in the same words from the command line
// and the UI: the number is closed without being written to Acumatica, and the activity log says
// who closed which number for which shipment or order, so a missing number is never a mystery later.
import { describeTrackingTarget, trackingSubject } from '../delivery/tracking-target.ts';
import type { Ledger, TrackingEntry } from '../store/index.ts';
import { trackingDismissRefusal } from './retry-refusal.ts';

export class TrackingDismissRefused extends Error {}

/** Closes failed number `id` as dismissed and records it; throws TrackingDismissRefused when it is not failed. */
export function dismissFailedTracking(ledger: Ledger, id: number, from: 'command line' | 'dashboard'): TrackingEntry {
  return ledger.transaction(() => {
    const entry = ledger.tracking.dismissFailed(id, `Dismissed from the ${from}.`);
    if (entry === null) throw new TrackingDismissRefused(trackingDismissRefusal(id, ledger.tracking.statusOf(id)));
    ledger.activity.record({
      level: 'warn',
      kind: 'tracking.dismissed',
      message: `Tracking ${entry.trackingNbr} (#${entry.id}) for ${describeTrackingTarget(entry.target)} was dismissed from the ${from}: it will not be written to Acumatica.`,
      subject: trackingSubject(entry.target),
      details: { id: entry.id },
    });
    return entry;
  });
}
