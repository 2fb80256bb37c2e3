// The activity entry of a tracking number an operator queued by hand (the dashboard's order drawer,
// `connector tracking add`): one wording, so the order's timeline reads the same whichever was used.
import { trackingSubject } from '../delivery/tracking-target.ts';
import type { Ledger, TrackingInput } from '../store/index.ts';

export function recordTrackingQueued(ledger: Ledger, input: TrackingInput, from: 'command line' | 'dashboard'): void {
  const origin = from === 'command line' ? ' from the command line' : '';
  ledger.activity.record({ level: 'info', kind: 'tracking.queued', message: `Tracking ${input.trackingNbr} queued for writeback${origin}.`, subject: trackingSubject(input.target) });
}
