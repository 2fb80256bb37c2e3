// The fulfillment loop's trouble spots: deliveries parked after failing, and tracking numbers
// Acumatica refused. Counts first, so "all clear" is visible at a glance. Below them, where the
// deliveries go and the webhook's secrets.
import type { ConnectorStatus } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { formatCount, formatCountUpTo } from '../format.ts';
import { DROPPED_LIMIT, LIST_LIMIT, useFulfillment } from '../hooks/useFulfillment.ts';
import { useNow } from '../hooks/useNow.ts';
import { DeliverySetup } from './DeliverySetup.tsx';
import { DismissedTracking } from './DismissedTracking.tsx';
import { DroppedDeliveries } from './DroppedDeliveries.tsx';
import { FailedTracking } from './FailedTracking.tsx';
import { ParkedDeliveries } from './ParkedDeliveries.tsx';


export function DeliveriesScreen({ status }: { status: ConnectorStatus }) {
  const api = useApi();
  const now = useNow(30_000);
  const { state, reload, update } = useFulfillment(api);
  const lists = state.kind === 'ready' ? state.lists : null;
  /** A number left the failed or dismissed list: queued again (counted), or no longer there. */
  const trackingGone = (list: 'failedTracking' | 'dismissedTracking') => (id: number, requeued: boolean) =>
    update((current) => ({ ...current, [list]: current[list].filter((row) => row.id !== id), queuedTracking: current.queuedTracking + (requeued ? 1 : 0) }));

  return (
    <section className="screen deliveries" aria-labelledby="deliveries-heading">
      <div className="screen-head">
        <h2 id="deliveries-heading" tabIndex={-1}>
          Deliveries
        </h2>
        <button type="button" className="button-secondary" onClick={reload}>
          Refresh
        </button>
      </div>
      <dl className="stats">
        <div className={status.counts.pendingDeliveries > 0 ? 'stat stat-warn' : 'stat'}>
          <dt>Pending deliveries</dt>
          <dd>{formatCount(status.counts.pendingDeliveries)}</dd>
        </div>
        <div className={lists && lists.parked.length > 0 ? 'stat stat-error' : 'stat'}>
          <dt>Parked</dt>
          <dd>{lists ? formatCountUpTo(lists.parked.length, LIST_LIMIT) : '…'}</dd>
        </div>
        <div className="stat">
          <dt>Dropped unsent</dt>
          <dd>{lists ? formatCountUpTo(lists.dropped.length, DROPPED_LIMIT) : '…'}</dd>
        </div>
        <div className="stat">
          <dt>Tracking queued</dt>
          <dd>{lists ? formatCountUpTo(lists.queuedTracking, 1000) : '…'}</dd>
        </div>
        <div className={lists && lists.failedTracking.length > 0 ? 'stat stat-error' : 'stat'}>
          <dt>Tracking failed</dt>
          <dd>{lists ? formatCountUpTo(lists.failedTracking.length, LIST_LIMIT) : '…'}</dd>
        </div>
      </dl>
      {state.kind === 'loading' ? <p role="status">Loading deliveries…</p> : null}
      {state.kind === 'failed' ? (
        <p className="alert alert-error" role="alert">
          Could not load the deliveries: {state.message}
        </p>
      ) : null}
      {lists ? (
        <>
          <ParkedDeliveries jobs={lists.parked} now={now} onJobs={(parked) => update((current) => ({ ...current, parked }))} />
          <DroppedDeliveries jobs={lists.dropped} complete={lists.dropped.length < DROPPED_LIMIT} now={now} />
          <FailedTracking
            rows={lists.failedTracking}
            now={now}
            onGone={trackingGone('failedTracking')}
            onDismissed={(row) =>
              update((current) => ({
                ...current,
                failedTracking: current.failedTracking.filter((entry) => entry.id !== row.id),
                dismissedTracking: [{ ...row, status: 'dismissed', updatedAt: new Date().toISOString() }, ...current.dismissedTracking],
              }))
            }
          />
          <DismissedTracking
            rows={lists.dismissedTracking}
            now={now}
            onGone={trackingGone('dismissedTracking')}
          />
        </>
      ) : null}
      <DeliverySetup />
    </section>
  );
}
