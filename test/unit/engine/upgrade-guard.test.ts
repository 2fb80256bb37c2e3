// The upgrade guard over real ledger files: an older release's lease row, as that release wrote it,
// decides whether this release may upgrade the file.
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { STALE_AFTER_MS } from '../../../main/engine/poller-lease.ts';
import { refuseUpgradeUnderPoller, UpgradeUnderPollerError } from '../../../main/engine/upgrade-guard.ts';
import { openLedger } from '../../../main/store/index.ts';
import { LATEST_SCHEMA_VERSION } from '../../../main/store/migrations.ts';
import { schemaVersion, writeOldLedger } from '../../support/old-ledger.ts';
import { tempDir } from '../store/fixtures.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

const NOW = Date.parse('2026-12-01T08:00:00Z');

/** A ledger at `version` whose lease row (written with that version's columns) names `pid`, last renewed `heartbeatAgo` ms before NOW. */
function olderLedger(version: number, lease?: { kind: string; pid: number; heartbeatAgo: number }): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const path = join(dir, 'ledger.sqlite');
  writeOldLedger(path, version, 1);
  if (lease) {
    const db = new DatabaseSync(path);
    db.prepare("INSERT INTO poller_lease (id, holder, kind, pid, port, started_at, heartbeat_at) VALUES (1, 'older', ?, ?, NULL, ?, ?)").run(lease.kind, lease.pid, NOW - 3_600_000, NOW - lease.heartbeatAgo);
    db.close();
  }
  return path;
}

function openAsThisRelease(path: string, alive: number[]) {
  return openLedger({ path, now: () => NOW, beforeUpgrade: refuseUpgradeUnderPoller({ now: () => NOW, processExists: (pid) => alive.includes(pid) }) });
}

describe('upgrading a ledger an older release polls', () => {
  it('refuses while the desktop app of the first release with a lease (schema 7) still renews it, and says to quit it', () => {
    const path = olderLedger(7, { kind: 'desktop', pid: 4242, heartbeatAgo: 5_000 });
    expect(() => openAsThisRelease(path, [4242])).toThrow(UpgradeUnderPollerError);
    expect(() => openAsThisRelease(path, [4242])).toThrow(
      `The desktop app (process 4242, since 2026-12-01T07:00:00.000Z) has the ledger ${path} open and runs an older release of DropStream Connector. ` +
        `This one would upgrade the ledger from schema version 7 to ${LATEST_SCHEMA_VERSION}, and that one would go on writing into it as if it had not been. ` +
        'Quit the desktop app first (Quit in its tray menu), then start this again. The ledger was left as it was.',
    );
    expect(schemaVersion(path)).toBe(7);
  });

  it('tells to wait for a `sync --once` of the older release', () => {
    const path = olderLedger(LATEST_SCHEMA_VERSION - 1, { kind: 'sync-once', pid: 4242, heartbeatAgo: 0 });
    expect(() => openAsThisRelease(path, [4242])).toThrow(/^"connector sync --once" \(process 4242, .*Wait for it to finish first \(it ends by itself\), then start this again\./);
  });

  it('upgrades when the lease names a process that is gone, or one that stopped renewing it', () => {
    for (const [pid, heartbeatAgo] of [[4242, 0], [5353, STALE_AFTER_MS]] as const) {
      const path = olderLedger(LATEST_SCHEMA_VERSION - 1, { kind: 'service', pid, heartbeatAgo });
      openAsThisRelease(path, [5353]).close();
      expect(schemaVersion(path)).toBe(LATEST_SCHEMA_VERSION);
    }
  });

  it('upgrades a file from before the lease, and one no process holds', () => {
    for (const version of [6, LATEST_SCHEMA_VERSION - 1]) {
      const path = olderLedger(version);
      openAsThisRelease(path, []).close();
      expect(schemaVersion(path)).toBe(LATEST_SCHEMA_VERSION);
    }
  });
});
