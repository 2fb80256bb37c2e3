import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { integer, parseRow, parseRows, text } from './rows.ts';

/** Where the poller of one entity resumes; the value's format belongs to main/sync/. */
export interface Cursor {
  entity: string;
  value: string;
  updatedAt: number;
}

const cursorRow = z.object({ entity: text, value: text, updated_at: integer });

/**
 * Cursor moves are only meaningful together with the page they follow: call setCursor inside the
 * same ledger.transaction() as the upsert, so a crash can never skip records.
 */
export class CursorRepository {
  readonly #db: DatabaseSync;
  readonly #now: () => number;

  constructor(db: DatabaseSync, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  getCursor(entity: string): Cursor | undefined {
    const raw = this.#db.prepare('SELECT entity, value, updated_at FROM cursors WHERE entity = ?').get(entity);
    return raw === undefined ? undefined : toCursor(parseRow(cursorRow, raw, 'cursors'));
  }

  setCursor(entity: string, value: string): void {
    this.#db
      .prepare(
        `INSERT INTO cursors (entity, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (entity) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(entity, value, this.#now());
  }

  listCursors(): Cursor[] {
    return parseRows(cursorRow, this.#db.prepare('SELECT entity, value, updated_at FROM cursors ORDER BY entity').all(), 'cursors').map(toCursor);
  }
}

function toCursor(row: z.output<typeof cursorRow>): Cursor {
  return { entity: row.entity, value: row.value, updatedAt: row.updated_at };
}
