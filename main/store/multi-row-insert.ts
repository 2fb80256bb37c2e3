import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';

/**
 * Writes many rows of one table with multi-row INSERTs. A backfill writes tens of thousands of
 * rows, and each statement run crosses from JS into SQLite and back; one run per chunk of rows
 * costs a fraction of one per row.
 *
 * Rows are queued value by value into a buffer of `maxRows` rows that is written whenever it
 * fills, so a page of any size never builds (and grows, and slices) one big array: that was 13 %
 * of everything a 20,000-order backfill allocated. The tail goes in power-of-two chunks, so at
 * most log2(maxRows) + 1 statements are ever prepared, and each is reused.
 */
export class MultiRowInsert {
  readonly #db: DatabaseSync;
  readonly #head: string;
  readonly #rowPlaceholders: string;
  readonly #width: number;
  readonly #maxRows: number;
  readonly #statements = new Map<number, StatementSync>();
  readonly #buffer: SQLInputValue[];
  #filled = 0;

  constructor(db: DatabaseSync, table: string, columns: readonly string[], maxRows = 64) {
    this.#db = db;
    this.#head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
    this.#rowPlaceholders = `(${columns.map(() => '?').join(', ')})`;
    this.#width = columns.length;
    this.#maxRows = maxRows;
    this.#buffer = new Array<SQLInputValue>(maxRows * this.#width).fill(null);
  }

  /** Queues one value; callers add whole rows, one value per column in the constructor's order. */
  add(value: SQLInputValue): void {
    this.#buffer[this.#filled++] = value;
    if (this.#filled === this.#buffer.length) this.flush();
  }

  /** Writes every queued row. */
  flush(): void {
    if (this.#filled % this.#width !== 0) throw new Error(`MultiRowInsert: ${this.#filled} values queued is not a whole number of ${this.#width}-column rows`);
    try {
      if (this.#filled === this.#buffer.length) {
        this.#statement(this.#maxRows).run(...this.#buffer);
        return;
      }
      let offset = 0;
      let remaining = this.#filled / this.#width;
      while (remaining > 0) {
        let rows = this.#maxRows;
        while (rows > remaining) rows >>= 1;
        const end = offset + rows * this.#width;
        this.#statement(rows).run(...this.#buffer.slice(offset, end));
        offset = end;
        remaining -= rows;
      }
    } finally {
      this.#filled = 0;
    }
  }

  /** Drops queued rows unwritten: the transaction they belonged to is rolling back. */
  discard(): void {
    this.#filled = 0;
  }

  #statement(rows: number): StatementSync {
    let statement = this.#statements.get(rows);
    if (statement === undefined) {
      statement = this.#db.prepare(this.#head + Array.from({ length: rows }, () => this.#rowPlaceholders).join(', '));
      this.#statements.set(rows, statement);
    }
    return statement;
  }
}
