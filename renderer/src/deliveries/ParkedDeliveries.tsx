// Deliveries the outbox gave up on (a destination refused them, or kept failing): each with its last
// error, and Retry, which puts it back in the queue and starts a sync.
import { useState } from 'react';
import type { DeliveryJob } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { formatRelative, formatTime } from '../format.ts';
import { recordText } from './describe.ts';

export interface ParkedDeliveriesProps {
  jobs: readonly DeliveryJob[];
  now: number;
  onJobs: (jobs: readonly DeliveryJob[]) => void;
}

export function ParkedDeliveries({ jobs, now, onJobs }: ParkedDeliveriesProps) {
  const api = useApi();
  const [busy, setBusy] = useState<number | null>(null);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  async function retry(job: DeliveryJob) {
    setBusy(job.id);
    setNotice(null);
    try {
      onJobs(await api.retryDelivery({ id: job.id }));
      setNotice({ ok: true, text: `${recordText(job)} goes to ${job.destination} again with this sync.` });
    } catch (error) {
      setNotice({ ok: false, text: `${recordText(job)} was not retried: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="panel" aria-labelledby="parked-heading">
      <h3 id="parked-heading">Parked deliveries ({jobs.length})</h3>
      <div aria-live="polite">{notice?.ok ? <p className="text-ok">{notice.text}</p> : null}</div>
      {notice && !notice.ok ? (
        <p className="alert alert-error" role="alert">
          {notice.text}
        </p>
      ) : null}
      {jobs.length === 0 ? (
        <p className="empty">Nothing parked: every delivery went out or is still being tried.</p>
      ) : (
        <ul className="job-list">
          {jobs.map((job) => (
            <li key={job.id} className="job">
              <div className="job-main">
                <p className="job-title" id={`parked-${job.id}`}>
                  {recordText(job)} <span className="muted">to {job.destination}</span>
                </p>
                <p className="job-meta">
                  {job.attempts} {job.attempts === 1 ? 'attempt' : 'attempts'}, last <span title={formatTime(job.updatedAt)}>{formatRelative(job.updatedAt, now)}</span>
                </p>
                <p className="job-error">{job.lastError ?? 'No error was recorded.'}</p>
              </div>
              <button type="button" className="button-secondary" disabled={busy !== null} aria-describedby={`parked-${job.id}`} onClick={() => void retry(job)}>
                {busy === job.id ? 'Retrying…' : 'Retry'}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
