import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { ledgerFailure } from './ledger-failure.ts';
import { initialSchema } from './migrations/0001-initial-schema.ts';
import { dropUnusedLineIndex } from './migrations/0002-drop-unused-line-index.ts';
import { orderLinesWithoutRowid } from './migrations/0003-order-lines-without-rowid.ts';
import { orderLinesInOrderRow } from './migrations/0004-order-lines-in-order-row.ts';
import { clearRelativePaths } from './migrations/0005-clear-relative-paths.ts';
import { outboxDroppedStatus } from './migrations/0006-outbox-dropped-status.ts';
import { pollerLease } from './migrations/0007-poller-lease.ts';
import { pollerNextSync } from './migrations/0008-poller-next-sync.ts';
import { pendingStockLookups } from './migrations/0009-pending-stock-lookups.ts';
import { trackingDismissedStatus } from './migrations/0010-tracking-dismissed-status.ts';
import { serverClock } from './migrations/0011-server-clock.ts';

/** One schema step. `version` is what PRAGMA user_version holds once it has been applied. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** In order, each version one more than the last. Append; never edit a released entry. */
export const MIGRATIONS: readonly Migration[] = [initialSchema, dropUnusedLineIndex, orderLinesWithoutRowid, orderLinesInOrderRow, clearRelativePaths, outboxDroppedStatus, pollerLease, pollerNextSync, pendingStockLookups, trackingDismissedStatus, serverClock];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

/** The file was written by a newer connector: refusing beats silently misreading it. */
export class LedgerTooNewError extends Error {
  readonly fileVersion: number;
  readonly supportedVersion: number;

  constructor(path: string, fileVersion: number, supportedVersion: number) {
    super(
      `The ledger ${path} has schema version ${fileVersion}, but this DropStream Connector only ` +
        `knows versions up to ${supportedVersion}. It was written by a newer release: install that ` +
        `release again (or restore a backup made by this one) instead of downgrading.`,
    );
    this.name = 'LedgerTooNewError';
    this.fileVersion = fileVersion;
    this.supportedVersion = supportedVersion;
  }
}

/**
 * Runs once the write lock is held, before this process applies its first step; a throw leaves the
 * file as it was. The caller refuses there to upgrade under a process still using the old schema.
 */
export type BeforeUpgrade = (db: DatabaseSync, fromVersion: number, toVersion: number) => void;

export function readSchemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get();
  const version = row?.['user_version'];
  if (typeof version !== 'number') throw new Error('PRAGMA user_version returned no number');
  return version;
}

/**
 * Brings the file up to LATEST_SCHEMA_VERSION. Each migration, its schema_migrations row and the
 * user_version bump commit in one transaction, so a crash mid-way leaves the previous version.
 * user_version is the source of truth; schema_migrations is the audit trail for support.
 *
 * The version is read again once each transaction holds the write lock: the service and a CLI
 * command started together on an old ledger both read the old version, and the one that waited
 * for the lock found the other's migration done and ran it again ("no such table: order_lines").
 * The waiting one now skips what the other applied.
 */
export function migrate(db: DatabaseSync, path: string, now: () => number, migrations = MIGRATIONS, beforeUpgrade?: BeforeUpgrade): number {
  assertContiguous(migrations);
  const latest = migrations.length;
  const current = readSchemaVersion(db);
  if (current > latest) throw new LedgerTooNewError(path, current, latest);
  if (current === latest) return latest;

  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');

  // Another process may be upgrading this file (the service at login, beside a command): a step
  // holds the write lock for seconds on a large ledger (4 took 3.8 s for 200,000 orders), past
  // the usual busy timeout, and the waiting one failed as "locked by another program".
  const busyTimeout = db.prepare('PRAGMA busy_timeout').get()?.['timeout'];
  db.exec(`PRAGMA busy_timeout = ${UPGRADE_BUSY_TIMEOUT_MS}`);
  try {
    return applyPending(db, path, now, migrations, record, beforeUpgrade);
  } finally {
    db.exec(`PRAGMA busy_timeout = ${typeof busyTimeout === 'number' ? busyTimeout : 0}`);
  }
}

/** How long a process waits for another's upgrade step before giving up. */
const UPGRADE_BUSY_TIMEOUT_MS = 120_000;

function applyPending(db: DatabaseSync, path: string, now: () => number, migrations: readonly Migration[], record: StatementSync, beforeUpgrade?: BeforeUpgrade): number {
  const latest = migrations.length;
  let checked = beforeUpgrade === undefined;
  for (;;) {
    db.exec('BEGIN IMMEDIATE');
    const version = readSchemaVersion(db);
    const migration = migrations[version];
    if (version > latest) {
      db.exec('ROLLBACK');
      throw new LedgerTooNewError(path, version, latest);
    }
    if (migration === undefined) {
      db.exec('COMMIT');
      return latest;
    }
    if (!checked) {
      try {
        beforeUpgrade?.(db, version, latest);
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
      checked = true;
    }
    try {
      db.exec(migration.sql);
      record.run(migration.version, migration.name, now());
      // PRAGMA takes no bound parameters; the value is an integer we control.
      db.exec(`PRAGMA user_version = ${String(Math.trunc(migration.version))}`);
      db.exec('COMMIT');
    } catch (error) {
      // SQLite may already have rolled back by itself (an I/O error): a second ROLLBACK would throw
      // "no transaction is active" in place of the reason.
      if (db.isTransaction) db.exec('ROLLBACK');
      throw new LedgerMigrationError(path, version, migration, error);
    }
  }
}

/**
 * A migration failed and was rolled back: the file is still the release before it, whole. The
 * message says so and why, in the words the ledger's other failures use (a full or failing
 * drive, a file another program holds), since it is all an operator sees at start.
 */
export class LedgerMigrationError extends Error {
  readonly fromVersion: number;
  readonly toVersion: number;

  constructor(path: string, fromVersion: number, migration: Migration, cause: unknown) {
    const reason = ledgerFailure(cause)?.message ?? (cause instanceof Error ? cause.message : String(cause));
    super(
      `Upgrading the ledger ${path} from schema version ${fromVersion} to ${migration.version} (${migration.name}) failed, ` +
        `and the ledger was left as it was, at version ${fromVersion}; the upgrade runs again at the next start. Reason: ${reason}`,
      { cause },
    );
    this.name = 'LedgerMigrationError';
    this.fromVersion = fromVersion;
    this.toVersion = migration.version;
  }
}

function assertContiguous(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`);
    }
  });
}
