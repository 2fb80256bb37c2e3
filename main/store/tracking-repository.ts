import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { integer, nullableNumber, nullableText, parseRow, parseRows, text } from './rows.ts';

export type TrackingStatus = 'queued' | 'posted' | 'failed' | 'dismissed';

/** Where a tracking number goes back to in Acumatica. */
export type TrackingTarget =
  | { kind: 'shipment'; shipmentNbr: string }
  | { kind: 'order'; orderType: string; orderNbr: string };

export interface TrackingInput {
  target: TrackingTarget;
  trackingNbr: string;
  carrier?: string | null;
  weight?: number | null;
  boxId?: string | null;
}

export interface TrackingEntry {
  id: number;
  target: TrackingTarget;
  trackingNbr: string;
  carrier: string | null;
  weight: number | null;
  boxId: string | null;
  status: TrackingStatus;
  attempts: number;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

const trackingRow = z.object({
  id: integer,
  shipment_nbr: nullableText,
  order_type: nullableText,
  order_nbr: nullableText,
  tracking_nbr: text,
  carrier: nullableText,
  weight: nullableNumber,
  box_id: nullableText,
  status: z.enum(['queued', 'posted', 'failed', 'dismissed']),
  attempts: integer,
  error: nullableText,
  created_at: integer,
  updated_at: integer,
});

const COLUMNS =
  'id, shipment_nbr, order_type, order_nbr, tracking_nbr, carrier, weight, box_id, status, attempts, error, created_at, updated_at';

/**
 * Tracking numbers waiting to be written back. The table's UNIQUE (target, tracking number)
 * means a number seen twice (a re-read carrier file) is queued once and so posted once.
 */
export class TrackingRepository {
  readonly #db: DatabaseSync;
  readonly #now: () => number;
  readonly #redact: (text: string) => string;

  constructor(db: DatabaseSync, now: () => number, redact: (text: string) => string) {
    this.#db = db;
    this.#now = now;
    this.#redact = redact;
  }

  /**
   * `queued: false` when this number is already known for this target, unless it failed (or was
   * dismissed after failing) and comes again with another carrier, weight or Box ID: then it is
   * queued again with those. A number Acumatica refused for its own row (a Box ID it does not know)
   * could not be corrected otherwise: Retry posted the same row again, and the corrected row, from
   * a CSV or `tracking add`, was reported as known and dropped. The same row again (a carrier file
   * read twice) leaves a dismissed number dismissed.
   */
  enqueue(input: TrackingInput): { queued: boolean; id: number } {
    // Carrier files pad numbers with spaces; untrimmed, one number would look like two.
    const trackingNbr = input.trackingNbr.trim();
    if (trackingNbr === '') throw new Error('A tracking number cannot be empty');
    const target = input.target;
    const shipmentNbr = target.kind === 'shipment' ? target.shipmentNbr : null;
    const orderType = target.kind === 'order' ? target.orderType : null;
    const orderNbr = target.kind === 'order' ? target.orderNbr : null;
    const carrier = input.carrier ?? null;
    const weight = input.weight ?? null;
    const boxId = input.boxId ?? null;
    const now = this.#now();
    const inserted = this.#db
      .prepare(
        `INSERT INTO tracking_queue (shipment_nbr, order_type, order_nbr, tracking_nbr, carrier, weight, box_id, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (target_key, tracking_nbr) DO NOTHING RETURNING id`,
      )
      .get(shipmentNbr, orderType, orderNbr, trackingNbr, carrier, weight, boxId, now, now);
    if (inserted !== undefined) return { queued: true, id: parseRow(z.object({ id: integer }), inserted, 'tracking_queue').id };
    const existing = this.#db
      .prepare(
        `SELECT id FROM tracking_queue WHERE tracking_nbr = ?
         AND shipment_nbr IS ? AND order_type IS ? AND order_nbr IS ?`,
      )
      .get(trackingNbr, shipmentNbr, orderType, orderNbr);
    const id = parseRow(z.object({ id: integer }), existing, 'tracking_queue').id;
    const corrected = this.#db
      .prepare(
        `UPDATE tracking_queue SET status = 'queued', attempts = 0, error = NULL, carrier = ?, weight = ?, box_id = ?, updated_at = ?
         WHERE id = ? AND status IN ('failed', 'dismissed') AND (carrier IS NOT ? OR weight IS NOT ? OR box_id IS NOT ?)`,
      )
      .run(carrier, weight, boxId, now, id, carrier, weight, boxId);
    return { queued: Number(corrected.changes) > 0, id };
  }

  listQueued(limit: number): TrackingEntry[] {
    return this.listByStatus('queued', limit);
  }

  listByStatus(status: TrackingStatus, limit: number, offset = 0): TrackingEntry[] {
    const rows = this.#db
      .prepare(`SELECT ${COLUMNS} FROM tracking_queue WHERE status = ? ORDER BY created_at, id LIMIT ? OFFSET ?`)
      .all(status, limit, offset);
    return parseRows(trackingRow, rows, 'tracking_queue').map(toEntry);
  }

  markPosted(id: number): void {
    this.#db
      .prepare(`UPDATE tracking_queue SET status = 'posted', attempts = attempts + 1, error = NULL, updated_at = ? WHERE id = ?`)
      .run(this.#now(), id);
  }

  markFailed(id: number, error: string): void {
    this.#db
      .prepare(`UPDATE tracking_queue SET status = 'failed', attempts = attempts + 1, error = ?, updated_at = ? WHERE id = ?`)
      .run(this.#redact(error), this.#now(), id);
  }

  /** A failed try that may succeed later: counted, its reason kept, the number stays queued. */
  recordAttempt(id: number, error: string): void {
    this.#db
      .prepare(`UPDATE tracking_queue SET attempts = attempts + 1, error = ?, updated_at = ? WHERE id = ? AND status = 'queued'`)
      .run(this.#redact(error), this.#now(), id);
  }

  /**
   * A try that failed for now and did not count against the number (Acumatica unreachable or busy
   * while this number was in hand): its reason is kept, so `tracking list --status queued` says why it waits.
   */
  recordDeferral(id: number, error: string): void {
    this.#db
      .prepare(`UPDATE tracking_queue SET error = ?, updated_at = ? WHERE id = ? AND status = 'queued'`)
      .run(this.#redact(error), this.#now(), id);
  }

  /**
   * The operator's "retry" for a failed number, with a fresh count of tries; false when `id` is
   * neither failed nor dismissed. A dismissed one can be retried too: a dismiss by mistake is undone
   * with `tracking retry ID`. A posted number is never re-queued.
   */
  requeue(id: number): boolean {
    const result = this.#db
      .prepare(`UPDATE tracking_queue SET status = 'queued', attempts = 0, updated_at = ? WHERE id = ? AND status IN ('failed', 'dismissed')`)
      .run(this.#now(), id);
    return Number(result.changes) > 0;
  }

  /**
   * The operator's "dismiss" for a failed number Acumatica will never take (a mistyped shipment, a
   * number entered there by hand): closed as 'dismissed', never posted, its last error kept after
   * `note`, and pruned after the retention period like a posted one. Without this it stayed failed,
   * and counted as failed everywhere, for good. The closed entry, or null when `id` is not failed.
   */
  dismissFailed(id: number, note: string): TrackingEntry | null {
    const row = this.#db
      .prepare(
        `UPDATE tracking_queue SET status = 'dismissed', error = ? || coalesce(' Last error: ' || error, ''), updated_at = ?
         WHERE id = ? AND status = 'failed' RETURNING ${COLUMNS}`,
      )
      .get(this.#redact(note), this.#now(), id);
    return row === undefined ? null : toEntry(parseRow(trackingRow, row, 'tracking_queue'));
  }

  /** The status of number `id`, or null when there is no such number: why a retry was refused. */
  statusOf(id: number): TrackingStatus | null {
    const row = this.#db.prepare('SELECT status FROM tracking_queue WHERE id = ?').get(id);
    return row === undefined ? null : parseRow(z.object({ status: trackingRow.shape.status }), row, 'tracking_queue').status;
  }

  countByStatus(): Record<TrackingStatus, number> {
    const counts: Record<TrackingStatus, number> = { queued: 0, posted: 0, failed: 0, dismissed: 0 };
    const rows = this.#db.prepare('SELECT status, count(*) AS n FROM tracking_queue GROUP BY status').all();
    for (const row of parseRows(z.object({ status: trackingRow.shape.status, n: integer }), rows, 'tracking_queue')) {
      counts[row.status] = row.n;
    }
    return counts;
  }
}

function toEntry(row: z.output<typeof trackingRow>): TrackingEntry {
  const target: TrackingTarget =
    row.shipment_nbr !== null
      ? { kind: 'shipment', shipmentNbr: row.shipment_nbr }
      : { kind: 'order', orderType: row.order_type ?? '', orderNbr: row.order_nbr ?? '' };
  return {
    id: row.id,
    target,
    trackingNbr: row.tracking_nbr,
    carrier: row.carrier,
    weight: row.weight,
    boxId: row.box_id,
    status: row.status,
    attempts: row.attempts,
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
