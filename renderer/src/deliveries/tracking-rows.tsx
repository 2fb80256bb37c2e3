// What the failed and the dismissed tracking lists share: a number's title and "when" line, and
// Retry, which queues a failed or a dismissed number again for the next sync.
import type { ConnectorApi, TrackingView } from '../../../preload/api.ts';
import { formatRelative, formatTime } from '../format.ts';
import { targetText } from './describe.ts';

export function TrackingTitle({ row }: { row: TrackingView }) {
  return (
    <>
      <span className="mono">{row.trackingNbr}</span> <span className="muted">for {targetText(row.target)}</span>
      {row.carrier ? <span className="tag">{row.carrier}</span> : null}
    </>
  );
}

/** "failed 5 minutes ago", the exact time on hover. */
export function TrackingWhen({ row, now, verb }: { row: TrackingView; now: number; verb: 'failed' | 'dismissed' }) {
  return (
    <>
      {verb} <span title={formatTime(row.updatedAt)}>{formatRelative(row.updatedAt, now)}</span>
    </>
  );
}

/** Retry's action and its failure text, for useRetry's act(); `onGone` hears whether it was queued. */
export function retryTrackingRow(api: ConnectorApi, row: TrackingView, was: 'failed' | 'dismissed', onGone: (id: number, requeued: boolean) => void) {
  return [
    async () => {
      const { requeued } = await api.retryTracking({ id: row.id });
      onGone(row.id, requeued);
      return requeued ? `Tracking ${row.trackingNbr} is queued again; it is posted at the next sync.` : `Tracking ${row.trackingNbr} is no longer ${was}; nothing to retry.`;
    },
    (message: string) => `Tracking ${row.trackingNbr} was not retried: ${message}`,
  ] as const;
}
