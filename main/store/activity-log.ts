import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { z } from 'zod';
import type { JsonValue } from './rows.ts';
import { integer, nullableText, parseRows, parseStoredJson, text } from './rows.ts';

export type ActivityLevel = 'debug' | 'info' | 'warn' | 'error';

/** What an entry is about, so an order's detail view can show its timeline. */
export type ActivitySubject =
  | { type: 'order'; orderType: string; orderNbr: string }
  | { type: 'shipment'; shipmentNbr: string };

export interface ActivityInput {
  level: ActivityLevel;
  /** A stable, dotted machine name: 'order.imported', 'outbox.parked', 'auth.secret-expired'. */
  kind: string;
  message: string;
  details?: JsonValue;
  subject?: ActivitySubject;
}

export interface ActivityEntry {
  id: number;
  at: number;
  level: ActivityLevel;
  kind: string;
  message: string;
  details: JsonValue | null;
  subjectKey: string | null;
}

export function subjectKey(subject: ActivitySubject): string {
  switch (subject.type) {
    case 'order':
      return `order:${subject.orderType}/${subject.orderNbr}`;
    case 'shipment':
      return `shipment:${subject.shipmentNbr}`;
  }
}

const activityRow = z.object({
  id: integer,
  at: integer,
  level: z.enum(['debug', 'info', 'warn', 'error']),
  kind: text,
  message: text,
  details: nullableText,
  subject_key: nullableText,
});

const COLUMNS = 'id, at, level, kind, message, details, subject_key';

/**
 * The operator-facing history (the UI's activity list and order timelines), kept in the ledger
 * so it survives restarts and is pruned with it. Not the support log: that is main/log/.
 */
export class ActivityLog {
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #redact: (text: string) => string;
  readonly #insert: StatementSync;

  constructor(db: DatabaseSync, now: () => number, redact: (text: string) => string) {
    this.#db = db;
    this.#now = now;
    this.#redact = redact;
    this.#insert = db.prepare(
      `INSERT INTO activity_log (at, level, kind, message, details, subject_key) VALUES (?, ?, ?, ?, ?, ?)`,
    );
  }

  record(entry: ActivityInput): number {
    // Messages often quote an upstream error; a secret echoed there must not reach the file.
    const redact = this.#redact;
    const details =
      entry.details === undefined
        ? null
        : JSON.stringify(entry.details, (_key, value: unknown) => (typeof value === 'string' ? redact(value) : value));
    const result = this.#insert.run(
      this.#now(),
      entry.level,
      entry.kind,
      redact(entry.message),
      details,
      entry.subject === undefined ? null : subjectKey(entry.subject),
    );
    return Number(result.lastInsertRowid);
  }

  listRecent(options: { limit: number; offset?: number; minLevel?: ActivityLevel }): ActivityEntry[] {
    const levels = levelsFrom(options.minLevel ?? 'debug');
    const rows = this.#db
      .prepare(
        `SELECT ${COLUMNS} FROM activity_log WHERE level IN (${levels.map(() => '?').join(', ')})
         ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
      )
      .all(...levels, options.limit, options.offset ?? 0);
    return toEntries(rows);
  }

  /** Entries written after `afterId`, oldest first: what a live view has not shown yet. */
  listAfter(afterId: number, limit = 500): ActivityEntry[] {
    return toEntries(this.#db.prepare(`SELECT ${COLUMNS} FROM activity_log WHERE id > ? ORDER BY id LIMIT ?`).all(afterId, limit));
  }

  /** Entries whose kind starts with `kindPrefix`, written after `afterMs`: oldest first, or newest first. */
  listKindSince(kindPrefix: string, afterMs: number, { limit = 1000, newestFirst = false } = {}): ActivityEntry[] {
    const order = newestFirst ? 'at DESC, id DESC' : 'at, id';
    const rows = this.#db
      .prepare(`SELECT ${COLUMNS} FROM activity_log WHERE substr(kind, 1, length(?1)) = ?1 AND at > ?2 ORDER BY ${order} LIMIT ?3`)
      .all(kindPrefix, afterMs, limit);
    return toEntries(rows);
  }

  /** The newest entry's id (0 for an empty log). */
  lastId(): number {
    return Number(this.#db.prepare('SELECT coalesce(max(id), 0) AS n FROM activity_log').get()?.['n'] ?? 0);
  }

  /** Newest first: entries about any of the given subjects (an order and its shipments). */
  listForSubjects(subjects: readonly ActivitySubject[], limit = 200): ActivityEntry[] {
    if (subjects.length === 0) return [];
    const keys = subjects.map(subjectKey);
    const rows = this.#db
      .prepare(
        `SELECT ${COLUMNS} FROM activity_log WHERE subject_key IN (${keys.map(() => '?').join(', ')})
         ORDER BY at DESC, id DESC LIMIT ?`,
      )
      .all(...keys, limit);
    return toEntries(rows);
  }

  countSince(level: ActivityLevel, since: number): number {
    const row = this.#db.prepare('SELECT count(*) AS n FROM activity_log WHERE level = ? AND at >= ?').get(level, since);
    return Number(row?.['n'] ?? 0);
  }
}

const LEVEL_ORDER: readonly ActivityLevel[] = ['debug', 'info', 'warn', 'error'];

function levelsFrom(minLevel: ActivityLevel): ActivityLevel[] {
  return LEVEL_ORDER.slice(LEVEL_ORDER.indexOf(minLevel));
}

function toEntries(rows: readonly unknown[]): ActivityEntry[] {
  return parseRows(activityRow, rows, 'activity_log').map((row) => ({
    id: row.id,
    at: row.at,
    level: row.level,
    kind: row.kind,
    message: row.message,
    details: row.details === null ? null : parseStoredJson(row.details, 'activity_log.details'),
    subjectKey: row.subject_key,
  }));
}
