import type { DatabaseSync } from 'node:sqlite';

/**
 * Runs `work` atomically: everything it writes commits together or not at all.
 * Calls nest: an inner call becomes a SAVEPOINT of the outer transaction, so a repository
 * method that is atomic on its own (upsertOrders) also joins a caller's larger unit
 * ("a page of records and the cursor move commit in one transaction").
 */
export type Transaction = <T>(work: () => T) => T;

/** `beforeWork`: run first in each outermost transaction, with the write lock held; a throw rolls it back. */
export function createTransaction(db: DatabaseSync, beforeWork?: () => void): Transaction {
  let depth = 0;

  return function transaction<T>(work: () => T): T {
    const savepoint = `nested_${depth}`;
    // IMMEDIATE takes the write lock up front, so a concurrent writer (the CLI while the app
    // runs) waits on busy_timeout instead of failing half-way with SQLITE_BUSY on upgrade.
    db.exec(depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${savepoint}`);
    depth += 1;
    try {
      if (depth === 1) beforeWork?.();
      const result = work();
      if (isPromiseLike(result)) {
        // node:sqlite is synchronous; an await inside would commit before the work finished.
        throw new TypeError('Ledger transactions must be synchronous: do not pass an async function');
      }
      db.exec(depth === 1 ? 'COMMIT' : `RELEASE ${savepoint}`);
      return result;
    } catch (error) {
      if (depth === 1) {
        // SQLite may already have rolled back by itself (e.g. SQLITE_FULL); a second ROLLBACK would throw.
        if (db.isTransaction) db.exec('ROLLBACK');
      } else {
        db.exec(`ROLLBACK TO ${savepoint}`);
        db.exec(`RELEASE ${savepoint}`);
      }
      throw error;
    } finally {
      depth -= 1;
    }
  };
}

function isPromiseLike(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && 'then' in value && typeof value.then === 'function'
  );
}
