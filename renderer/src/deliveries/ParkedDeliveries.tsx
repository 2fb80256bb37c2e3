// Deliveries the outbox gave up on (a destination refused them, or kept failing): each with its last
// error, Retry, which puts it back in the queue and starts a sync, and Dismiss, for a job settled
// another way (the order sent by hand): it is closed unsent and the activity log says so.
import type { DeliveryJob } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { formatCountUpTo, formatRelative, formatTime } from '../format.ts';
import { LIST_LIMIT } from '../hooks/useFulfillment.ts';
import { recordText } from './describe.ts';
import { JobRow, RetryNotice, useRetry } from './retry-list.tsx';

export interface ParkedDeliveriesProps {
  jobs: readonly DeliveryJob[];
  now: number;
  onJobs: (jobs: readonly DeliveryJob[]) => void;
}

export function ParkedDeliveries({ jobs, now, onJobs }: ParkedDeliveriesProps) {
  const api = useApi();
  const { busy, notice, act, panelRef } = useRetry();

  const retryJob = (job: DeliveryJob) =>
    act(
      job.id,
      async () => {
        onJobs(await api.retryDelivery({ id: job.id }));
        return `${recordText(job)} goes to ${job.destination} again with this sync.`;
      },
      (message) => `${recordText(job)} was not retried: ${message}`,
    );

  const dismissJob = (job: DeliveryJob) =>
    act(
      job.id,
      async () => {
        onJobs(await api.dismissDelivery({ id: job.id }));
        return `${recordText(job)} was dismissed: it will not be sent to ${job.destination}.`;
      },
      (message) => `${recordText(job)} was not dismissed: ${message}`,
    );

  return (
    <section className="panel" aria-labelledby="parked-heading" ref={panelRef}>
      <h3 id="parked-heading" tabIndex={-1}>Parked deliveries ({formatCountUpTo(jobs.length, LIST_LIMIT)})</h3>
      <RetryNotice notice={notice} />
      {jobs.length === 0 ? (
        <p className="empty">Nothing parked: no delivery waits for you to retry it.</p>
      ) : (
        <ul className="job-list">
          {jobs.map((job) => (
            <JobRow
              key={job.id}
              id={job.id}
              busy={busy}
              titleId={`parked-${job.id}`}
              title={
                <>
                  {recordText(job)} <span className="muted">to {job.destination}</span>
                </>
              }
              meta={
                <>
                  {job.attempts} {job.attempts === 1 ? 'attempt' : 'attempts'}, last <span title={formatTime(job.updatedAt)}>{formatRelative(job.updatedAt, now)}</span>
                </>
              }
              error={job.lastError ?? 'No error was recorded.'}
              onRetry={() => void retryJob(job)}
              onDismiss={() => void dismissJob(job)}
              dismissMeans={`It will not be sent to ${job.destination}; do this when you have sent it another way.`}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
