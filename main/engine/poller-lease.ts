// One poller per data folder. The service (`connector run`) and the desktop app each claim the
// ledger's poller lease before they poll; a second one is refused with who holds it, instead of
// both asking Acumatica for everything (twice the requests, twice the API seats, two processes
// moving the same cursors).
//
// The claim is a write transaction (main/store/poller-lease-repository.ts), so two processes
// started in the same instant cannot both win. A holder renews the lease every HEARTBEAT_MS. A
// lease counts as held while its heartbeat is recent AND its process exists: a power cut leaves a
// row whose heartbeat goes stale, and a process id reused after a restart does not renew it.
import { randomUUID } from 'node:crypto';
import { processExists as pidExists } from '../files/process-exists.ts';
import type { PollerKind, PollerLease, PollerLeaseRepository } from '../store/index.ts';

export const HEARTBEAT_MS = 20_000;
/** Several missed heartbeats: a busy disk can hold one renewal up for busy_timeout. */
export const STALE_AFTER_MS = 90_000;

/** Another process polls this data folder. */
export class PollerBusyError extends Error {
  readonly heldBy: PollerLease;

  constructor(heldBy: PollerLease) {
    const wait = heldBy.kind === 'sync-once' ? 'Wait for it to finish (it ends by itself), then start this again' : 'Stop it first';
    super(`${describePoller(heldBy)} is already syncing this data folder. ${wait}: two would ask Acumatica for everything twice.`);
    this.name = 'PollerBusyError';
    this.heldBy = heldBy;
  }
}

export interface LeaseEnvironment {
  now: () => number;
  processExists?: (pid: number) => boolean;
  pid?: number;
  timers?: { setInterval(run: () => void, ms: number): unknown; clearInterval(handle: unknown): void };
}

export interface HeldPollerLease {
  /** The service's port, for `status`, once it listens. */
  setPort(port: number): void;
  /** When this process will next poll (null: none planned), for `status` run in another process. */
  planNextSync(at: number | null): void;
  /** Gives the lease up (an orderly stop); idempotent. */
  release(): void;
}

/** "The service ("connector run", process 812, port 5123, since …)" for messages and `status`. */
export function describePoller(lease: PollerLease): string {
  const since = new Date(lease.startedAt).toISOString();
  switch (lease.kind) {
    case 'service':
      return `The service ("connector run", process ${lease.pid}${lease.port === null ? '' : `, port ${lease.port}`}, since ${since})`;
    case 'desktop':
      return `The desktop app (process ${lease.pid}, since ${since})`;
    case 'sync-once':
      return `"connector sync --once" (process ${lease.pid}, since ${since})`;
  }
}

export function isLeaseAlive(lease: PollerLease, now: number, processExists: (pid: number) => boolean = pidExists): boolean {
  // Either direction: a clock set back hours would otherwise keep a dead holder's lease "fresh".
  return Math.abs(now - lease.heartbeatAt) < STALE_AFTER_MS && processExists(lease.pid);
}

/** The process polling this data folder, or null when none is. */
export function livePoller(leases: PollerLeaseRepository, env: LeaseEnvironment): PollerLease | null {
  const lease = leases.current();
  return lease !== null && isLeaseAlive(lease, env.now(), env.processExists) ? lease : null;
}

/**
 * Claims the lease for `kind` and keeps renewing it; throws PollerBusyError when a live process
 * holds it. `onLost` runs once if another process took the lease over after this one failed to
 * renew it for STALE_AFTER_MS (frozen, or the clock jumped): that process polls now, so this one
 * must stop.
 */
export function holdPollerLease(leases: PollerLeaseRepository, kind: PollerKind, env: LeaseEnvironment, onLost: (takenBy: PollerLease | null) => void): HeldPollerLease {
  const holder = randomUUID();
  const timers = env.timers ?? { setInterval: (run: () => void, ms: number) => setInterval(run, ms).unref(), clearInterval: (handle: unknown) => clearInterval(handle as NodeJS.Timeout) };
  const startedAt = env.now();
  const claim = leases.claim(
    { holder, kind, pid: env.pid ?? process.pid, port: null, startedAt, heartbeatAt: startedAt, nextSyncAt: null },
    (held) => isLeaseAlive(held, env.now(), env.processExists),
  );
  if (!claim.taken) throw new PollerBusyError(claim.heldBy);

  let released = false;
  const renew = (port?: number): void => {
    if (released) return;
    let stillOurs: boolean;
    try {
      stillOurs = leases.renew(holder, env.now(), port);
    } catch {
      // A ledger busy past busy_timeout this once: the next heartbeat tries again, well within
      // STALE_AFTER_MS; only then could another process take the lease, which renew reports.
      return;
    }
    if (!stillOurs) {
      stop();
      onLost(leases.current());
    }
  };
  const heartbeat = timers.setInterval(() => renew(), HEARTBEAT_MS);
  function stop(): void {
    released = true;
    timers.clearInterval(heartbeat);
  }
  return {
    setPort: (port) => renew(port),
    planNextSync(at) {
      if (released) return;
      try {
        leases.planNextSync(holder, at);
      } catch {
        // A ledger busy past busy_timeout: `status` shows the plan before this one until the
        // next (every cycle plans one); polling itself is not held up for it.
      }
    },
    release() {
      if (released) return;
      stop();
      try {
        leases.release(holder);
      } catch {
        // The ledger locked past busy_timeout just now (a long write of a command or a database
        // tool): the row stays, naming a process that is ending, which counts as free once it has
        // (or its heartbeat is STALE_AFTER_MS old). Throwing here would cut the stop short before
        // the connection and the ledger are closed.
      }
    },
  };
}
