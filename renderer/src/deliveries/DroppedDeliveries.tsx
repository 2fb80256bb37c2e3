// Deliveries closed unsent because their destination was removed from the settings. Nothing can be
// done about them (they are not sent again), but without this the pending count simply falls to 0
// and reads as "delivered". One line per destination: how many, why, and when it last happened.
import type { DeliveryJob } from '../../../preload/api.ts';
import { formatCount, formatRelative, formatTime } from '../format.ts';

interface Group {
  destination: string;
  count: number;
  reason: string;
  lastAt: string;
}

/** `jobs` come newest first, so each destination's first job carries its latest reason and time. */
function byDestination(jobs: readonly DeliveryJob[]): Group[] {
  const groups = new Map<string, Group>();
  for (const job of jobs) {
    const group = groups.get(job.destination);
    if (group) group.count += 1;
    else groups.set(job.destination, { destination: job.destination, count: 1, reason: job.lastError ?? 'No reason was recorded.', lastAt: job.updatedAt });
  }
  return [...groups.values()];
}

export function DroppedDeliveries({ jobs, complete, now }: { jobs: readonly DeliveryJob[]; complete: boolean; now: number }) {
  if (jobs.length === 0) return null;
  const atLeast = complete ? '' : 'at least ';
  return (
    <section className="panel" aria-labelledby="dropped-heading">
      <h3 id="dropped-heading">Dropped deliveries ({complete ? formatCount(jobs.length) : `${formatCount(jobs.length)}+`})</h3>
      <p className="field-note">Closed unsent and not sent again; the orders and shipments stay in the ledger. They are listed here until retention prunes them.</p>
      <ul className="job-list">
        {byDestination(jobs).map((group) => (
          <li key={group.destination} className="job">
            <div className="job-main">
              <p className="job-title">
                {atLeast}
                {formatCount(group.count)} to the {group.destination}
              </p>
              <p className="job-meta">
                last dropped <span title={formatTime(group.lastAt)}>{formatRelative(group.lastAt, now)}</span>
              </p>
              <p className="job-error">{group.reason}</p>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
