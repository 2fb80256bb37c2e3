// What the Deliveries screen lists: parked delivery jobs, failed tracking numbers, and how many
// tracking numbers wait. Loaded on open and again after every sync cycle, which is when they change.
import { useCallback, useEffect, useState } from 'react';
import type { ConnectorApi, DeliveryJob, TrackingView } from '../../../preload/api.ts';

export interface FulfillmentLists {
  parked: readonly DeliveryJob[];
  failedTracking: readonly TrackingView[];
  queuedTracking: number;
}

export type FulfillmentState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; lists: FulfillmentLists };

export const LIST_LIMIT = 200;

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
    ]).then(
      ([parked, failedTracking, queued]) => live && setState({ kind: 'ready', lists: { parked, failedTracking, queuedTracking: queued.length } }),
      (error: unknown) => live && setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [api, generation]);

  useEffect(() => api.on('cycle', (event) => event.phase === 'finished' && reload()), [api, reload]);

  const update = useCallback((change: (lists: FulfillmentLists) => FulfillmentLists) => {
    setState((current) => (current.kind === 'ready' ? { kind: 'ready', lists: change(current.lists) } : current));
  }, []);
  return { state, reload, update };
}
