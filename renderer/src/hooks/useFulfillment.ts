// What the Deliveries screen lists: parked delivery jobs, failed and dismissed tracking numbers, how
// many tracking numbers wait, and the deliveries closed unsent because their destination was removed.
// Loaded on open, again after every sync cycle (which is when they change), and after an operator's
// change to them in any window.
import { useCallback, useEffect, useState } from 'react';
import type { ConnectorApi, DeliveryJob, TrackingView } from '../../../preload/api.ts';

export interface FulfillmentLists {
  parked: readonly DeliveryJob[];
  failedTracking: readonly TrackingView[];
  /** Closed unposted by an operator; listed so a dismiss by mistake can be undone with Retry. */
  dismissedTracking: readonly TrackingView[];
  queuedTracking: number;
  /** Newest first, at most DROPPED_LIMIT: counted, not listed one by one. */
  dropped: readonly DeliveryJob[];
}

export type FulfillmentState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; lists: FulfillmentLists };

export const LIST_LIMIT = 200;
/** The most the engine lists at once. */
export const DROPPED_LIMIT = 1000;

/** Activity kinds of an operator's change to the Deliveries lists (main/engine/fulfillment-handlers.ts). */
const OPERATOR_CHANGES: ReadonlySet<string> = new Set(['outbox.dismissed', 'tracking.dismissed', 'tracking.queued', 'tracking.requeued']);

export function useFulfillment(api: ConnectorApi): { state: FulfillmentState; reload: () => void; update: (change: (lists: FulfillmentLists) => FulfillmentLists) => void } {
  const [state, setState] = useState<FulfillmentState>({ kind: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((count) => count + 1), []);

  useEffect(() => {
    let live = true;
    Promise.all([
      api.listDeliveries({ status: 'parked', limit: LIST_LIMIT }),
      api.listTracking({ status: 'failed', limit: LIST_LIMIT }),
      api.listTracking({ status: 'queued', limit: 1000 }),
      api.listDeliveries({ status: 'dropped', limit: DROPPED_LIMIT }),
      api.listTracking({ status: 'dismissed', limit: LIST_LIMIT }),
    ]).then(
      ([parked, failedTracking, queued, dropped, dismissedTracking]) =>
        live && setState({ kind: 'ready', lists: { parked, failedTracking, dismissedTracking, queuedTracking: queued.length, dropped } }),
      (error: unknown) => live && setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [api, generation]);

  useEffect(() => api.on('cycle', (event) => event.phase === 'finished' && reload()), [api, reload]);
  // An operator's change in another window reaches this one as its activity entry: read the lists
  // again now, not at the next sync's end. (One made by `connector tracking` beside the service
  // reaches it with the next sync's entries.)
  useEffect(() => api.on('activity', (entries) => entries.some((entry) => OPERATOR_CHANGES.has(entry.kind)) && reload()), [api, reload]);

  const update = useCallback((change: (lists: FulfillmentLists) => FulfillmentLists) => {
    setState((current) => (current.kind === 'ready' ? { kind: 'ready', lists: change(current.lists) } : current));
  }, []);
  return { state, reload, update };
}
