// The failure of the last sync cycles, kept where every process can read it: the activity log.
// The service, the tray app and a `connector status` run beside them are separate processes; a
// failure known only in the memory of the one that hit it would let `status` (and the scripts that
// poll it) report "connected" through an outage.
import type { ActivityInput, Ledger } from '../store/index.ts';
import type { CycleFailure } from './status.ts';

const FAILED_KIND_PREFIX = 'sync.failed.';

/** The activity entry a failed cycle writes. */
export function cycleFailureEntry(failure: CycleFailure): ActivityInput {
  return { level: 'error', kind: `${FAILED_KIND_PREFIX}${failure.kind}`, message: failure.message, details: { retryable: failure.retryable } };
}

/**
 * The failure standing since the last successful cycle (null if none failed after it), with the
 * time the run of failures began. A success is any later committed page (`lastSyncAt`).
 */
export function failureSinceLastSync(activity: Pick<Ledger['activity'], 'listKindSince'>, lastSyncAt: number | null): (CycleFailure & { since: number }) | null {
  const failures = activity.listKindSince(FAILED_KIND_PREFIX, lastSyncAt ?? 0);
  const first = failures[0];
  const last = failures.at(-1);
  if (first === undefined || last === undefined) return null;
  const details = last.details as { retryable?: unknown } | null;
  return {
    kind: last.kind.slice(FAILED_KIND_PREFIX.length),
    message: last.message,
    retryable: typeof details?.retryable === 'boolean' ? details.retryable : true,
    since: first.at,
  };
}
