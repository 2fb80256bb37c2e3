// Tracking numbers Acumatica did not take (no such shipment, no open package, refused), each with
// the reason; Retry queues it again for the next sync, after the cause is fixed in Acumatica.
import { useState } from 'react';
import type { TrackingView } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { formatRelative, formatTime } from '../format.ts';
import { targetText } from './describe.ts';

export interface FailedTrackingProps {
  rows: readonly TrackingView[];
  now: number;
  /** The row left the failed list: requeued, or no longer failed when asked. */
  onGone: (id: number, requeued: boolean) => void;
}

export function FailedTracking({ rows, now, onGone }: FailedTrackingProps) {
  const api = useApi();
  const [busy, setBusy] = useState<number | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  async function retry(row: TrackingView) {
    setBusy(row.id);
    setNotice(null);
    try {
      const { requeued } = await api.retryTracking({ id: row.id });
      setNotice({
        ok: true,
        text: requeued ? `Tracking ${row.trackingNbr} is queued again; it is posted at the next sync.` : `Tracking ${row.trackingNbr} is no longer failed; nothing to retry.`,
      });
      onGone(row.id, requeued);
    } catch (error) {
      setNotice({ ok: false, text: `Tracking ${row.trackingNbr} was not retried: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="panel" aria-labelledby="failed-tracking-heading">
      <h3 id="failed-tracking-heading">Failed tracking numbers ({rows.length})</h3>
      <div aria-live="polite">{notice?.ok ? <p className="text-ok">{notice.text}</p> : null}</div>
      {notice && !notice.ok ? (
        <p className="alert alert-error" role="alert">
          {notice.text}
        </p>
      ) : null}
      {rows.length === 0 ? (
        <p className="empty">No failed tracking numbers.</p>
      ) : (
        <ul className="job-list">
          {rows.map((row) => (
            <li key={row.id} className="job">
              <div className="job-main">
                <p className="job-title" id={`tracking-${row.id}`}>
                  <span className="mono">{row.trackingNbr}</span> <span className="muted">for {targetText(row.target)}</span>
                  {row.carrier ? <span className="tag">{row.carrier}</span> : null}
                </p>
                <p className="job-meta">
                  failed <span title={formatTime(row.updatedAt)}>{formatRelative(row.updatedAt, now)}</span>
                </p>
                <p className="job-error">{row.error ?? 'No reason was recorded.'}</p>
              </div>
              <button type="button" className="button-secondary" disabled={busy !== null} aria-describedby={`tracking-${row.id}`} onClick={() => void retry(row)}>
                {busy === row.id ? 'Retrying…' : 'Retry'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
