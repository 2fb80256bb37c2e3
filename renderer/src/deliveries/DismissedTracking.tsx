// Tracking numbers an operator dismissed (closed without writing them to Acumatica). Shown only when
// there are some, each with the reason it failed before, and Retry: a dismiss by mistake is undone
// by queueing the number again for the next sync.
import type { TrackingView } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { formatCountUpTo } from '../format.ts';
import { LIST_LIMIT } from '../hooks/useFulfillment.ts';
import { JobRow, RetryNotice, useRetry } from './retry-list.tsx';
import { retryTrackingRow, TrackingTitle, TrackingWhen } from './tracking-rows.tsx';

export interface DismissedTrackingProps {
  rows: readonly TrackingView[];
  now: number;
  /** The row left the dismissed list: queued again (true), or no longer dismissed when asked. */
  onGone: (id: number, requeued: boolean) => void;
}

export function DismissedTracking({ rows, now, onGone }: DismissedTrackingProps) {
  const api = useApi();
  const { busy, notice, act, panelRef } = useRetry();
  if (rows.length === 0 && notice === null) return null;

  const retryRow = (row: TrackingView) => act(row.id, ...retryTrackingRow(api, row, 'dismissed', onGone));

  return (
    <section className="panel" aria-labelledby="dismissed-tracking-heading" ref={panelRef}>
      <h3 id="dismissed-tracking-heading" tabIndex={-1}>Dismissed tracking numbers ({formatCountUpTo(rows.length, LIST_LIMIT)})</h3>
      <p className="field-note">Not written to Acumatica. Retry queues one again, if it was dismissed by mistake; retention prunes them like posted numbers.</p>
      <RetryNotice notice={notice} />
      <ul className="job-list">
        {rows.map((row) => (
          <JobRow
            key={row.id}
            id={row.id}
            busy={busy}
            titleId={`dismissed-tracking-${row.id}`}
            title={<TrackingTitle row={row} />}
            meta={<TrackingWhen row={row} now={now} verb="dismissed" />}
            error={row.error ?? 'No reason was recorded.'}
            onRetry={() => void retryRow(row)}
          />
        ))}
      </ul>
    </section>
  );
}
