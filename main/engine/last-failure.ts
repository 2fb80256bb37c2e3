// The failure of the last sync cycles, kept where every process can read it: the activity log.
// The service, the tray app and a `connector status` run beside them are separate processes; a
// failure known only in the memory of the one that hit it would let `status` (and the scripts that
// poll it) report "connected" through an outage.
import type { ActivityEntry, ActivityInput, Ledger } from '../store/index.ts';
import type { CycleFailure } from './status.ts';

const FAILED_KIND_PREFIX = 'sync.failed.';

/** The activity entry a failed cycle writes; when the cycle began tells which credentials it used. */
export function cycleFailureEntry(failure: CycleFailure, cycleStartedAt: number): ActivityInput {
  return { level: 'error', kind: `${FAILED_KIND_PREFIX}${failure.kind}`, message: failure.message, details: { retryable: failure.retryable, cycleStartedAt } };
}

/** What the admin does to fix a credentials failure: a failure before one of these is history. */
const CREDENTIAL_CHANGE_KINDS = ['setup.saved', 'secret.rotated', 'credentials.password-updated'];
/** Failures to look through for one begun after the change (one in flight per process). */
const STALE_AFTER_CHANGE_MAX = 8;

/**
 * The failure standing since the last successful cycle (null if none failed after it): the newest
 * one's kind and message, and when the run of failures began. A success is any later committed page
 * (`lastSyncAt`); a setup, secret rotation or password change since the failure also ends it.
 */
export function failureSinceLastSync(activity: Pick<Ledger['activity'], 'listKindSince'>, lastSyncAt: number | null): (CycleFailure & { since: number }) | null {
  // Only a change after the last sync can move the boundary; bounding the lookups by it keeps them
  // to the newest entries (an index range) on every start, not a scan of months of activity.
  const since = lastSyncAt ?? 0;
  const changes = CREDENTIAL_CHANGE_KINDS.flatMap((kind) => activity.listKindSince(kind, since, { limit: 1, newestFirst: true }));
  const changedAt = Math.max(0, ...changes.map((entry) => entry.at));
  const after = Math.max(since, changedAt);
  // A cycle that began before the change and failed after it (its sign-in was on the wire) failed
  // with the old credentials: it must not stand, or a rejected password would refuse the new one.
  // Cycles run one at a time per process, so only the first few after a change can be such.
  const current = (entry: ActivityEntry) => {
    const began = (entry.details as { cycleStartedAt?: unknown } | null)?.cycleStartedAt;
    return typeof began !== 'number' || began >= changedAt;
  };
  const first = activity.listKindSince(FAILED_KIND_PREFIX, after, { limit: STALE_AFTER_CHANGE_MAX }).find(current);
  const last = activity.listKindSince(FAILED_KIND_PREFIX, after, { limit: STALE_AFTER_CHANGE_MAX, newestFirst: true }).find(current);
  if (first === undefined || last === undefined) return null;
  const details = last.details as { retryable?: unknown } | null;
  return {
    kind: last.kind.slice(FAILED_KIND_PREFIX.length),
    message: last.message,
    retryable: typeof details?.retryable === 'boolean' ? details.retryable : true,
    since: first.at,
  };
}

/**
 * Whether the credentials were changed (Setup, a rotation, a password update, in any process on
 * this data folder) after the cycle that last failed with `kind` began. False when no cycle failed
 * that way: a rejection this process met outside a cycle is not given up on by this.
 */
export function credentialsChangedSinceFailure(activity: Pick<Ledger['activity'], 'listKindSince'>, kind: string): boolean {
  const failed = activity.listKindSince(`${FAILED_KIND_PREFIX}${kind}`, 0, { limit: 1, newestFirst: true })[0];
  if (failed === undefined) return false;
  const began = (failed.details as { cycleStartedAt?: unknown } | null)?.cycleStartedAt;
  const failedWith = typeof began === 'number' ? began : failed.at;
  return CREDENTIAL_CHANGE_KINDS.some((change) => activity.listKindSince(change, failedWith, { limit: 1 }).length > 0);
}
