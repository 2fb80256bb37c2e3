import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { z } from 'zod';
import type { ServerClockReading } from './retention-clock.ts';
import { integer, parseRow } from './rows.ts';

const readingRow = z.object({ server_at: integer, local_at: integer });

/** Acumatica's clock as the sync last read it (migration 11), for the daily retention (retention-clock.ts). */
export class ServerClockRepository {
  readonly #upsert: StatementSync;
  readonly #select: StatementSync;
  readonly #delete: StatementSync;

  constructor(db: DatabaseSync) {
    this.#upsert = db.prepare(
      `INSERT INTO server_clock (id, server_at, local_at) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET server_at = excluded.server_at, local_at = excluded.local_at`,
    );
    this.#select = db.prepare('SELECT server_at, local_at FROM server_clock WHERE id = 1');
    this.#delete = db.prepare('DELETE FROM server_clock');
  }

  /** The latest reading replaces the one before, whichever clock moved. */
  record(reading: ServerClockReading): void {
    this.#upsert.run(reading.serverAt, reading.localAt);
  }

  /** An answer without a readable Date header: there is no reading of Acumatica's clock to go by. */
  forget(): void {
    this.#delete.run();
  }

  latest(): ServerClockReading | null {
    const raw = this.#select.get();
    if (raw === undefined) return null;
    const row = parseRow(readingRow, raw, 'server_clock');
    return { serverAt: row.server_at, localAt: row.local_at };
  }
}
