// `connector status`'s "Next sync" line: the polling process's plan (connector.status() reads it
// off the poller lease), or why there is none.
import type { PollerLease } from '../store/index.ts';
import type { ConnectorStatus } from '../../preload/api.ts';

export function describeNextSync(status: ConnectorStatus, poller: PollerLease | null, now: number): string {
  if (status.connection.kind === 'not-configured') return 'none: not set up yet (run "connector setup")';
  if (poller === null) return 'none: nothing syncs this data folder until "connector run" or the desktop app starts';
  if (poller.kind === 'sync-once') return 'none planned: "connector sync --once" runs one cycle and ends';
  if (status.paused && status.paused.until === null) return 'none: paused until resumed';
  if (status.nextSyncAt === null) return 'being planned (a sync is starting or running)';
  // The poller plans the next run only once a cycle ends: while one runs (a first import can take
  // an hour) the plan it started from stays on the lease, a time already past. A command beside it
  // cannot see the cycle itself, so it says so rather than promise a time behind us.
  if (Date.parse(status.nextSyncAt) <= now) return `now: the sync due at ${status.nextSyncAt} is starting or running`;
  return status.nextSyncAt;
}
