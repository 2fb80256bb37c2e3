import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { integer, nullableText, parseRow, parseRows, text } from './rows.ts';

export type OutboxEntity = 'order' | 'shipment';
/**
 * 'pending' and 'parked' are still owed to their destination; 'delivered' and 'dropped' (closed
 * unsent: the destination was removed from the settings) are done, and pruned by retention.
 */
export type OutboxStatus = 'pending' | 'delivered' | 'parked' | 'dropped';

/** The record version to deliver: its keys and the lastModified Acumatica sent with it. */
export type OutboxRecord =
  | { entity: 'order'; orderType: string; orderNbr: string; lastModified: string }
  | { entity: 'shipment'; shipmentNbr: string; lastModified: string };

export interface OutboxEntry {
  id: number;
  entity: OutboxEntity;
  recordKey: string;
  idempotencyKey: string;
  destination: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
}

/** 'SO/SO001234' for an order, the shipment number for a shipment: how the outbox names a record. */
export function outboxRecordKey(record: OutboxRecord): string {
  switch (record.entity) {
    case 'order':
      return `${record.orderType}/${record.orderNbr}`;
    case 'shipment':
      return record.shipmentNbr;
  }
}

/**
 * Names one version of one record, e.g. 'order:SO/SO001234@2026-11-28T10:15:30.457-05:00'.
 * Destinations receive it too, so they can drop a re-delivery after a crash between
 * "sent" and "marked delivered".
 */
export function outboxIdempotencyKey(record: OutboxRecord): string {
  return `${record.entity}:${outboxRecordKey(record)}@${record.lastModified}`;
}

const outboxRow = z.object({
  id: integer,
  entity: z.enum(['order', 'shipment']),
  record_key: text,
  idempotency_key: text,
  destination: text,
  status: z.enum(['pending', 'delivered', 'parked', 'dropped']),
  attempts: integer,
  next_attempt_at: integer,
  last_error: nullableText,
  created_at: integer,
  updated_at: integer,
});

const COLUMNS =
  'id, entity, record_key, idempotency_key, destination, status, attempts, next_attempt_at, last_error, created_at, updated_at';

/**
 * Deliveries waiting for (or done by) a destination. Every method is a single statement, so
 * enqueue joins whatever ledger.transaction() is open: the import of a page and the outbox rows
 * for it commit together.
 */
export class OutboxRepository {
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #redact: (text: string) => string;

  constructor(db: DatabaseSync, now: () => number, redact: (text: string) => string) {
    this.#db = db;
    this.#now = now;
    this.#redact = redact;
  }

  /** Queues a record version for a destination; `enqueued: false` when it was already queued. */
  enqueue(record: OutboxRecord, destination: string): { enqueued: boolean; id: number } {
    const now = this.#now();
    const idempotencyKey = outboxIdempotencyKey(record);
    const inserted = this.#db
      .prepare(
        `INSERT INTO outbox (entity, record_key, idempotency_key, destination, next_attempt_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (destination, idempotency_key) DO NOTHING RETURNING id`,
      )
      .get(record.entity, outboxRecordKey(record), idempotencyKey, destination, now, now, now);
    if (inserted !== undefined) return { enqueued: true, id: parseRow(z.object({ id: integer }), inserted, 'outbox').id };
    const existing = this.#db
      .prepare('SELECT id FROM outbox WHERE destination = ? AND idempotency_key = ?')
      .get(destination, idempotencyKey);
    return { enqueued: false, id: parseRow(z.object({ id: integer }), existing, 'outbox').id };
  }

  /** Pending entries whose next attempt is due, oldest first. */
  listDue(limit: number): OutboxEntry[] {
    const rows = this.#db
      .prepare(
        `SELECT ${COLUMNS} FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?
         ORDER BY next_attempt_at, id LIMIT ?`,
      )
      .all(this.#now(), limit);
    return parseRows(outboxRow, rows, 'outbox').map(toEntry);
  }

  listByStatus(status: OutboxStatus, limit: number, offset = 0): OutboxEntry[] {
    const rows = this.#db
      .prepare(`SELECT ${COLUMNS} FROM outbox WHERE status = ? ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?`)
      .all(status, limit, offset);
    return parseRows(outboxRow, rows, 'outbox').map(toEntry);
  }

  markDelivered(id: number): void {
    this.#db
      .prepare(`UPDATE outbox SET status = 'delivered', attempts = attempts + 1, last_error = NULL, updated_at = ? WHERE id = ?`)
      .run(this.#now(), id);
  }

  /** A failed attempt that will be retried at `nextAttemptAt` (the caller owns the backoff policy). */
  recordFailure(id: number, error: string, nextAttemptAt: number): void {
    this.#db
      .prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?`)
      .run(this.#redact(error), nextAttemptAt, this.#now(), id);
  }

  /** Gives up until a person intervenes (a permanent rejection, or too many attempts). */
  park(id: number, error: string): void {
    this.#db
      .prepare(`UPDATE outbox SET status = 'parked', attempts = attempts + 1, last_error = ?, updated_at = ? WHERE id = ?`)
      .run(this.#redact(error), this.#now(), id);
  }

  /**
   * The operator's "retry": a parked entry becomes due now, with a fresh count of attempts (as a
   * requeued tracking number has): kept, the first passing failure after the retry would park it
   * again. False when `id` is not parked.
   */
  /**
   * Pending jobs for `destination` waiting out a backoff become due now: what they waited for (the
   * webhook's secrets) was just stored, and the operator was told they go at the next sync. Their
   * count of attempts stays. The number of jobs made due.
   */
  dueNow(destination: string): number {
    const now = this.#now();
    const result = this.#db.prepare(`UPDATE outbox SET next_attempt_at = ? WHERE destination = ? AND status = 'pending' AND next_attempt_at > ?`).run(now, destination, now);
    return Number(result.changes);
  }

  retryParked(id: number): boolean {
    const now = this.#now();
    const result = this.#db
      .prepare(`UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'parked'`)
      .run(now, now, id);
    return Number(result.changes) > 0;
  }

  /**
   * The operator's "dismiss": a parked entry they settled another way (the order sent by hand, or
   * one the destination will never take) is closed as 'dropped', unsent, keeping its last error
   * after `note`. Without this a job that can never succeed stayed parked, and kept its order in
   * the ledger, for good. The closed entry, or null when `id` is not parked.
   */
  dismissParked(id: number, note: string): OutboxEntry | null {
    const row = this.#db
      .prepare(
        `UPDATE outbox SET status = 'dropped', last_error = ? || coalesce(' Last error: ' || last_error, ''), updated_at = ?
         WHERE id = ? AND status = 'parked' RETURNING ${COLUMNS}`,
      )
      .get(this.#redact(note), this.#now(), id);
    return row === undefined ? null : toEntry(parseRow(outboxRow, row, 'outbox'));
  }

  /** The destinations that still have pending or parked jobs. */
  destinationsOwed(): string[] {
    const rows = this.#db.prepare(`SELECT DISTINCT destination FROM outbox WHERE status IN ('pending', 'parked') ORDER BY destination`).all();
    return parseRows(z.object({ destination: text }), rows, 'outbox').map((row) => row.destination);
  }

  /**
   * Closes every pending and parked job of `destination` as 'dropped', unsent, with `reason` as
   * its last error. Returns how many were closed.
   */
  dropOwed(destination: string, reason: string): number {
    const result = this.#db
      .prepare(`UPDATE outbox SET status = 'dropped', last_error = ?, updated_at = ? WHERE destination = ? AND status IN ('pending', 'parked')`)
      .run(this.#redact(reason), this.#now(), destination);
    return Number(result.changes);
  }

  /** The status of job `id`, or null when there is no such job: why a retry was refused. */
  statusOf(id: number): OutboxStatus | null {
    const row = this.#db.prepare('SELECT status FROM outbox WHERE id = ?').get(id);
    return row === undefined ? null : parseRow(z.object({ status: outboxRow.shape.status }), row, 'outbox').status;
  }

  countByStatus(): Record<OutboxStatus, number> {
    const counts: Record<OutboxStatus, number> = { pending: 0, delivered: 0, parked: 0, dropped: 0 };
    const rows = this.#db.prepare('SELECT status, count(*) AS n FROM outbox GROUP BY status').all();
    for (const row of parseRows(z.object({ status: outboxRow.shape.status, n: integer }), rows, 'outbox')) {
      counts[row.status] = row.n;
    }
    return counts;
  }
}

function toEntry(row: z.output<typeof outboxRow>): OutboxEntry {
  return {
    id: row.id,
    entity: row.entity,
    recordKey: row.record_key,
    idempotencyKey: row.idempotency_key,
    destination: row.destination,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
