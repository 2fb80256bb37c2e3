import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { integer, parseRow, text } from './rows.ts';
import type { Transaction } from './transaction.ts';

/** `sync-once`: `connector sync --once`, for the length of its one cycle. */
export type PollerKind = 'service' | 'desktop' | 'sync-once';

/** The process that polls Acumatica for this data folder, and when it last said it still does. */
export interface PollerLease {
  /** Random per process: a process id alone can be reused after a restart. */
  holder: string;
  kind: PollerKind;
  pid: number;
  /** The service's port, once it listens; null for the desktop app. */
  port: number | null;
  startedAt: number;
  heartbeatAt: number;
  /** When the holder will next poll, as it last planned; null while it has no plan (paused, or before its first cycle). */
  nextSyncAt: number | null;
}

export type LeaseClaim = { taken: true } | { taken: false; heldBy: PollerLease };

const leaseRow = z.object({
  holder: text,
  kind: z.enum(['service', 'desktop', 'sync-once']),
  pid: integer,
  port: integer.nullable(),
  started_at: integer,
  heartbeat_at: integer,
  next_sync_at: integer.nullable(),
});

const SELECT = 'SELECT holder, kind, pid, port, started_at, heartbeat_at, next_sync_at FROM poller_lease WHERE id = 1';

/**
 * One row, claimed inside a write transaction (BEGIN IMMEDIATE): of two processes claiming at
 * the same instant, the second reads the first's row and is refused. Whether a held lease is
 * still alive is the caller's judgement (main/engine/poller-lease.ts).
 */
export class PollerLeaseRepository {
  readonly #db: DatabaseSync;
  readonly #transaction: Transaction;

  constructor(db: DatabaseSync, transaction: Transaction) {
    this.#db = db;
    this.#transaction = transaction;
  }

  current(): PollerLease | null {
    const raw = this.#db.prepare(SELECT).get();
    return raw === undefined ? null : toLease(parseRow(leaseRow, raw, 'poller_lease'));
  }

  /** Takes the lease unless another holder has it and `isAlive` says that holder still runs. */
  claim(lease: PollerLease, isAlive: (held: PollerLease) => boolean): LeaseClaim {
    return this.#transaction(() => {
      const held = this.current();
      if (held !== null && held.holder !== lease.holder && isAlive(held)) return { taken: false, heldBy: held };
      this.#db
        .prepare(
          `INSERT OR REPLACE INTO poller_lease (id, holder, kind, pid, port, started_at, heartbeat_at, next_sync_at)
           VALUES (1, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(lease.holder, lease.kind, lease.pid, lease.port, lease.startedAt, lease.heartbeatAt, lease.nextSyncAt);
      return { taken: true };
    });
  }

  /** Records that `holder` still polls; false when the lease is no longer its own. */
  renew(holder: string, at: number, port?: number): boolean {
    const result = port === undefined
      ? this.#db.prepare('UPDATE poller_lease SET heartbeat_at = ? WHERE id = 1 AND holder = ?').run(at, holder)
      : this.#db.prepare('UPDATE poller_lease SET heartbeat_at = ?, port = ? WHERE id = 1 AND holder = ?').run(at, port, holder);
    return Number(result.changes) === 1;
  }

  /** Records when `holder` will next poll (null: no run planned); a lease no longer its own is left alone. */
  planNextSync(holder: string, at: number | null): void {
    this.#db.prepare('UPDATE poller_lease SET next_sync_at = ? WHERE id = 1 AND holder = ?').run(at, holder);
  }

  /** Gives the lease up; a lease another process has taken meanwhile stays its own. */
  release(holder: string): void {
    this.#db.prepare('DELETE FROM poller_lease WHERE id = 1 AND holder = ?').run(holder);
  }
}

/**
 * The lease as any file since version 7 (the lease's first) holds it, for a process about to
 * upgrade the file: only the columns every such version has. Null before version 7, whose
 * processes claimed no lease, and when no process holds one.
 */
export function pollerLeaseOfAnyVersion(db: DatabaseSync): PollerLease | null {
  const table = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'poller_lease'").get();
  if (table === undefined) return null;
  const raw = db.prepare('SELECT holder, kind, pid, port, started_at, heartbeat_at FROM poller_lease WHERE id = 1').get();
  return raw === undefined ? null : toLease(parseRow(leaseRow, { ...raw, next_sync_at: null }, 'poller_lease'));
}

function toLease(row: z.output<typeof leaseRow>): PollerLease {
  return { holder: row.holder, kind: row.kind, pid: row.pid, port: row.port, startedAt: row.started_at, heartbeatAt: row.heartbeat_at, nextSyncAt: row.next_sync_at };
}
