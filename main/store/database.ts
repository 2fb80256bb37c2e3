import { closeSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { LATEST_SCHEMA_VERSION, migrate, MIGRATIONS, readSchemaVersion, type BeforeUpgrade } from './migrations.ts';
import { makeDirectory } from '../files/make-directory.ts';

/** How long a writer waits for another connection's lock (the CLI next to the app) before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating if needed) the ledger file, configures it and migrates it to the latest schema.
 * Throws LedgerTooNewError, after closing the handle, when a newer release wrote the file, and
 * whatever `beforeUpgrade` throws to refuse an upgrade.
 */
export function openDatabase(path: string, now: () => number, beforeUpgrade?: BeforeUpgrade): DatabaseSync {
  if (path !== ':memory:') createPrivateFile(path);
  const db = new DatabaseSync(path, { enableForeignKeyConstraints: true, timeout: BUSY_TIMEOUT_MS });
  try {
    configure(db);
    const fileVersion = readSchemaVersion(db);
    migrate(db, path, now, MIGRATIONS, beforeUpgrade);
    // A migration that drops or rebuilds a table (4 moved order lines into their orders) leaves its
    // pages on the freelist: give them back now, not at the next daily prune, so an upgraded ledger
    // has its new size at once. Incremental: the ledger is created with auto_vacuum=INCREMENTAL.
    if (fileVersion > 0 && fileVersion < LATEST_SCHEMA_VERSION) {
      db.exec('PRAGMA incremental_vacuum');
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    }
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Leaves the file tidy for the next start: planner statistics refreshed, WAL folded back in. Both
 * are a courtesy, never a reason to fail: PRAGMA optimize needs the write lock, and while another
 * process holds it past the busy timeout (the service's write beside a CLI command, a database
 * tool) a `status` that had printed everything, or any command whose work had committed, ended
 * with "failed: database is locked" and exit 1. The next close tidies up instead.
 */
export function closeDatabase(db: DatabaseSync): void {
  if (!db.isOpen) return;
  try {
    db.exec('PRAGMA optimize');
    db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
  } catch {
    // Locked or failing: what the caller wrote has committed; only the tidying is left undone.
  } finally {
    db.close();
  }
}

function configure(db: DatabaseSync): void {
  // Must precede the first table: SQLite fixes auto_vacuum when the schema is first written.
  // INCREMENTAL lets retention give pages back to the OS without a full VACUUM.
  if (isEmpty(db)) db.exec('PRAGMA auto_vacuum = INCREMENTAL');
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // WAL: readers (UI, CLI) never block the importer, and a crash cannot corrupt the file.
  db.exec('PRAGMA journal_mode = WAL');
  // NORMAL, not FULL: in WAL mode a commit then survives any crash of the app or the OS process
  // and the file is never corrupted; only a power cut can roll back the last commits (the WAL is
  // fsynced at checkpoints, not at every commit). FULL's fsync per commit cost ~15 ms each, 0.6 s
  // of a 20,000-order backfill. Everything we commit is safe to redo: an import page rolls back
  // with its cursor and is read again, the tracking writer checks Acumatica for the number before
  // posting it again, and outbox deliveries carry idempotency keys.
  db.exec('PRAGMA synchronous = NORMAL');
  db.exec('PRAGMA foreign_keys = ON');
}

function isEmpty(db: DatabaseSync): boolean {
  const row = db.prepare('SELECT count(*) AS n FROM sqlite_schema').get();
  return row?.['n'] === 0;
}

/**
 * The ledger holds customer names and addresses: create it readable by this user only.
 * SQLite gives its -wal and -shm files the main file's permissions.
 */
function createPrivateFile(path: string): void {
  makeDirectory(dirname(path), 0o700);
  closeSync(openSync(path, 'a', 0o600));
}
