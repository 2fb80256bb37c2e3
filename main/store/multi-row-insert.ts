import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';

/**
 * Writes many rows of one table with multi-row INSERTs. A backfill writes tens of thousands of
 * rows, and each statement run crosses from JS into SQLite and back; one run per chunk of rows
 * costs a fraction of one per row. Chunks are powers of two up to `maxRows`, so at most
 * log2(maxRows) + 1 statements are ever prepared, and each is reused.
 */
export class MultiRowInsert {
  readonly #db: DatabaseSync;
  readonly #head: string;
  readonly #rowPlaceholders: string;
  readonly #width: number;
  readonly #maxRows: number;
  readonly #statements = new Map<number, StatementSync>();

  constructor(db: DatabaseSync, table: string, columns: readonly string[], maxRows = 64) {
    this.#db = db;
    this.#head = `INSERT INTO ${table} (${columns.join(', ')}) VALUES `;
    this.#rowPlaceholders = `(${columns.map(() => '?').join(', ')})`;
    this.#width = columns.length;
    this.#maxRows = maxRows;
  }

  /**
   * Inserts the rows in `values`: one value per column in the constructor's column order, row
   * after row. The caller owns the array, so rows of a page that failed are never left behind.
   */
  run(values: readonly SQLInputValue[]): void {
    let offset = 0;
    let remaining = values.length / this.#width;
    while (remaining > 0) {
      let rows = this.#maxRows;
      while (rows > remaining) rows >>= 1;
      const end = offset + rows * this.#width;
      this.#statement(rows).run(...values.slice(offset, end));
      offset = end;
      remaining -= rows;
    }
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
