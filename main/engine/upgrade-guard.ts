// A newer release must not upgrade the ledger under an older one that still polls it. An IT admin
// who runs a newer release's command line (`status`, `setup`) beside the running service or app
// upgraded the file under it, and the older process went on writing with the old schema's
// assumptions. The poller lease names that process, so the newer one refuses and says which to stop.
//
// A live holder of the lease on a file this process still has to upgrade runs an older release:
// a process refuses a file newer than it knows (LedgerTooNewError), and one that knew this
// schema would have upgraded the file when it opened it. Releases before the lease (schema 7)
// leave nothing to check; a process that opens the file before the upgrade and claims the lease
// after it is stopped by the ledger's own check (main/store/ledger.ts).
import type { LedgerUpgrade, PollerLease } from '../store/index.ts';
import { describePoller, isLeaseAlive, type LeaseEnvironment } from './poller-lease.ts';

export class UpgradeUnderPollerError extends Error {
  readonly heldBy: PollerLease;

  constructor(upgrade: LedgerUpgrade, heldBy: PollerLease) {
    super(
      `${describePoller(heldBy)} has the ledger ${upgrade.path} open and runs an older release of DropStream Connector. ` +
        `This one would upgrade the ledger from schema version ${upgrade.fromVersion} to ${upgrade.toVersion}, and that one would go on writing into it as if it had not been. ` +
        `${WHAT_TO_DO[heldBy.kind]}, then start this again. The ledger was left as it was.`,
    );
    this.name = 'UpgradeUnderPollerError';
    this.heldBy = heldBy;
  }
}

const WHAT_TO_DO: Record<PollerLease['kind'], string> = {
  service: 'Stop that service first (Ctrl-C where it runs, or stop the system service that starts it)',
  desktop: 'Quit the desktop app first (Quit in its tray menu)',
  'sync-once': 'Wait for it to finish first (it ends by itself)',
};

/** The ledger's beforeUpgrade: refuses while a live process holds the poller lease. */
export function refuseUpgradeUnderPoller(env: LeaseEnvironment): (upgrade: LedgerUpgrade) => void {
  return (upgrade) => {
    if (upgrade.poller !== null && isLeaseAlive(upgrade.poller, env.now(), env.processExists)) throw new UpgradeUnderPollerError(upgrade, upgrade.poller);
  };
}
