import type { DatabaseSync } from 'node:sqlite';
import type { ActivityLog } from './activity-log.ts';
import type { Transaction } from './transaction.ts';

/** What every repository is built from; the Ledger wires one set for all of them. */
export interface RepositoryDeps {
  db: DatabaseSync;
  transaction: Transaction;
  now: () => number;
  activity: ActivityLog;
}
