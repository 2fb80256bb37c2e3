// Tracking numbers Acumatica did not take (no such shipment, no open package, refused), each with
// the reason; Retry queues it again for the next sync, after the cause is fixed in Acumatica, and
// Dismiss closes one that will never go (mistyped, or entered in Acumatica by hand): it is not
// written, and the activity log says so.
import type { TrackingView } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { formatCountUpTo } from '../format.ts';
import { LIST_LIMIT } from '../hooks/useFulfillment.ts';
import { JobRow, RetryNotice, useRetry } from './retry-list.tsx';
import { retryTrackingRow, TrackingTitle, TrackingWhen } from './tracking-rows.tsx';

export interface FailedTrackingProps {
  rows: readonly TrackingView[];
  now: number;
  /** The row left the failed list: requeued (true), or no longer failed when asked. */
  onGone: (id: number, requeued: boolean) => void;
  /** The row was dismissed: it moves to the dismissed list, where Retry can still undo it. */
  onDismissed: (row: TrackingView) => void;
}

export function FailedTracking({ rows, now, onGone, onDismissed }: FailedTrackingProps) {
  const api = useApi();
  const { busy, notice, act, panelRef } = useRetry();

  const retryRow = (row: TrackingView) => act(row.id, ...retryTrackingRow(api, row, 'failed', onGone));

  const dismissRow = (row: TrackingView) =>
    act(
      row.id,
      async () => {
        const { dismissed } = await api.dismissTracking({ id: row.id });
        if (dismissed) onDismissed(row);
        else onGone(row.id, false);
        return dismissed ? `Tracking ${row.trackingNbr} was dismissed: it will not be written to Acumatica.` : `Tracking ${row.trackingNbr} is no longer failed; nothing to dismiss.`;
      },
      (message) => `Tracking ${row.trackingNbr} was not dismissed: ${message}`,
    );

  return (
    <section className="panel" aria-labelledby="failed-tracking-heading" ref={panelRef}>
      <h3 id="failed-tracking-heading" tabIndex={-1}>Failed tracking numbers ({formatCountUpTo(rows.length, LIST_LIMIT)})</h3>
      <RetryNotice notice={notice} />
      {rows.length === 0 ? (
        <p className="empty">No failed tracking numbers.</p>
      ) : (
        <ul className="job-list">
          {rows.map((row) => (
            <JobRow
              key={row.id}
              id={row.id}
              busy={busy}
              titleId={`tracking-${row.id}`}
              title={<TrackingTitle row={row} />}
              meta={<TrackingWhen row={row} now={now} verb="failed" />}
              error={row.error ?? 'No reason was recorded.'}
              onRetry={() => void retryRow(row)}
              onDismiss={() => void dismissRow(row)}
              dismissMeans="It will not be written to Acumatica; do this when it was a mistake or you entered it there by hand."
            />
          ))}
        </ul>
      )}
    </section>
  );
}
