// Posts queued tracking numbers to Acumatica: on the shipment's first package without a tracking
// number, else as a new package; then, when the setting is on, ConfirmShipment (the REST client
// polls the action to its end). An order's number goes to its shipment, or to a shipment created
// for it when `createShipmentsForOrders` is on.
//
// Never twice: the queue holds each (target, number) once, and before writing, the shipment's
// CURRENT packages are read from Acumatica. A crash between "written in Acumatica" and "marked
// posted" therefore finds the number already there next run and only marks it posted.
import type { Shipment } from '../acumatica/domain.ts';
import type { TrackingPackage } from '../acumatica/entities.ts';
import type { ActivitySubject, Ledger, TrackingEntry } from '../store/index.ts';
import {
  createShipmentWithPackage, failureReason, isConnectionFailure, orderShipments, sameTracking, type TrackingEntities, type WritePhase,
} from './tracking-acumatica.ts';
import { describeTrackingTarget, trackingSubject } from './tracking-target.ts';

export interface TrackingWriteSettings {
  confirmShipments: boolean;
  createShipmentsForOrders: boolean;
  /** Box for a package the connector has to add when the row names none (Acumatica requires one). */
  defaultBoxId?: string | null;
}

/** Tries a row gets when Acumatica answers 500 before it is failed for the operator to retry. */
export const SERVER_ERROR_TRIES = 3;

export interface TrackingLedger {
  tracking: Pick<Ledger['tracking'], 'listQueued' | 'markPosted' | 'markFailed' | 'recordAttempt' | 'recordDeferral'>;
  activity: Pick<Ledger['activity'], 'record'>;
}

export interface TrackingRunResult {
  posted: number;
  failed: number;
  /** Left queued because Acumatica could not be reached or was busy; tried again next run. */
  deferred: number;
  confirmed: number;
  requests: number;
}

/** Thrown inside one row's processing to fail it with a reason the operator can act on. */
class RowFailure extends Error {
  readonly phase: WritePhase;
  constructor(message: string, phase: WritePhase) {
    super(message);
    this.phase = phase;
  }
}

export class TrackingWriter {
  readonly #batchSize: number;
  /**
   * Targets (a shipment, an order) an earlier run left queued on a failure that waiting can fix, the
   * most recent last. Their numbers are tried after the others: a run stops at such a failure, so a
   * number whose own record keeps failing (a proxy or an IIS error page on that one shipment) was
   * first every run and held back every number queued after it, for good and without a word.
   * The whole target waits, not the one number: its other numbers would fail the same way, and
   * moving one number behind its siblings after a passing outage put each on the next one's
   * package (numbers without a Box ID take the shipment's empty packages in queue order).
   */
  readonly #waiting = new Set<string>();

  constructor(options: { batchSize?: number } = {}) {
    this.#batchSize = options.batchSize ?? 200;
  }

  /**
   * One pass over the queue, oldest first (those an earlier run left waiting last). Stops at the
   * first failure that waiting can fix (network, 5xx, rate limit): the rest stay queued for the next cycle. A failure of the
   * connection itself (secret or password rejected) is thrown, with every number left queued.
   */
  async runOnce(entities: TrackingEntities, ledger: TrackingLedger, settings: TrackingWriteSettings, signal?: { stopped: boolean }): Promise<TrackingRunResult> {
    const result: TrackingRunResult = { posted: 0, failed: 0, deferred: 0, confirmed: 0, requests: 0 };
    const queued = this.#waitingLast(ledger.tracking.listQueued(this.#batchSize));
    for (const [index, entry] of queued.entries()) {
      // A stop (SIGTERM, Quit) finishes the number in hand; the rest stay queued for the next start.
      if (signal?.stopped) {
        result.deferred += queued.length - index;
        return result;
      }
      const subject = trackingSubject(entry.target);
      let phase: WritePhase = 'read';
      let done;
      try {
        done = await this.#postOne(entities, entry, settings, result, (next) => (phase = next));
      } catch (error) {
        const reason = error instanceof RowFailure ? { message: error.message, retryable: false, kind: null } : failureReason(error, phase);
        // The secret expiring while numbers are queued must not fail every one of them for a person
        // to retry one by one: the cycle fails with the reason, and after the fix they are posted.
        if (isConnectionFailure(reason.kind)) throw error;
        if (reason.retryable) {
          ledger.tracking.recordDeferral(entry.id, reason.message);
          this.#waiting.delete(targetKey(entry));
          this.#waiting.add(targetKey(entry));
          result.deferred = queued.length - index;
          return result;
        }
        // Acumatica answers a write it could not complete with a JSON 500 that is often passing
        // (a locked record, a busy database): this row gets a few more cycles before a person is asked.
        if (reason.kind === 'server' && entry.attempts + 1 < SERVER_ERROR_TRIES) {
          ledger.tracking.recordAttempt(entry.id, reason.message);
          result.deferred += 1;
          continue;
        }
        ledger.tracking.markFailed(entry.id, reason.message);
        result.failed += 1;
        ledger.activity.record({
          level: 'error',
          kind: 'tracking.failed',
          message: `Tracking ${entry.trackingNbr} for ${describeTrackingTarget(entry.target)} was not posted: ${reason.message}`,
          subject,
        });
        continue;
      }
      // Outside the try: a ledger that cannot be written is not a row failure, it stops the run.
      ledger.activity.record({ level: 'info', kind: 'tracking.posted', message: done.message, subject, details: done.details });
      // Confirmed before the number is marked posted: when confirming fails for now (or the process
      // dies in between), the number stays queued, and the next run finds it on the still open
      // shipment and confirms it. Marked posted first, the shipment stayed unconfirmed for good.
      if (done.confirm && !(await this.#confirm(entities, ledger, done.shipment, entry, subject, result))) {
        result.deferred += 1;
        continue;
      }
      ledger.tracking.markPosted(entry.id);
      result.posted += 1;
    }
    return result;
  }

  /** The listed numbers in queue order, those of targets left waiting by earlier runs after the rest. */
  #waitingLast(listed: TrackingEntry[]): TrackingEntry[] {
    const listedKeys = new Set(listed.map(targetKey));
    // No number of it queued any more (posted, failed, or past this batch): forgotten, so the set stays small.
    for (const key of this.#waiting) if (!listedKeys.has(key)) this.#waiting.delete(key);
    return [
      ...listed.filter((entry) => !this.#waiting.has(targetKey(entry))),
      ...[...this.#waiting].flatMap((key) => listed.filter((entry) => targetKey(entry) === key)),
    ];
  }

  async #postOne(
    entities: TrackingEntities,
    entry: TrackingEntry,
    settings: TrackingWriteSettings,
    result: TrackingRunResult,
    setPhase: (phase: WritePhase) => void,
  ): Promise<{ message: string; details: { shipmentNbr: string; trackingNbr: string }; shipment: Shipment; confirm: boolean }> {
    const details = (shipment: Shipment) => ({ shipmentNbr: shipment.shipmentNbr, trackingNbr: entry.trackingNbr });
    const confirm = (shipment: Shipment) => settings.confirmShipments && shipment.status === 'Open';
    const candidates = await this.#shipmentsFor(entities, entry, result);

    if (candidates.kind === 'none') {
      if (!settings.createShipmentsForOrders) {
        throw new RowFailure(
          `Order ${candidates.label} has no shipment in Acumatica yet. Create the shipment there (or turn on the createShipmentsForOrders setting, which counts against the licence's API transactions), then retry.`,
          'read',
        );
      }
      setPhase('write');
      const created = await createShipmentWithPackage(entities, candidates.order, this.#newPackage(entry, settings));
      result.requests += created.requests;
      const shipment = created.record;
      return { message: `Created shipment ${shipment.shipmentNbr} for order ${candidates.label} with tracking ${entry.trackingNbr}.`, details: details(shipment), shipment, confirm: confirm(shipment) };
    }

    const already = candidates.shipments.find((s) => s.packages.some((p) => sameTracking(p.trackingNbr, entry.trackingNbr)));
    if (already) {
      return { message: `Tracking ${entry.trackingNbr} was already on shipment ${already.shipmentNbr} in Acumatica; not posted again.`, details: details(already), shipment: already, confirm: confirm(already) };
    }
    // An order with several shipments: the one still open is the one being packed.
    const shipment = candidates.shipments.find((s) => s.status === 'Open') ?? candidates.shipments[0]!;
    const empty = shipment.packages.find((p) => p.id !== null && (p.trackingNbr ?? '').trim() === '' && (!entry.boxId || p.boxId === entry.boxId.toUpperCase()))
      ?? shipment.packages.find((p) => p.id !== null && (p.trackingNbr ?? '').trim() === '');
    const pkg: TrackingPackage = empty?.id
      ? { id: empty.id, trackingNbr: entry.trackingNbr, ...(entry.weight !== null ? { weight: entry.weight } : {}) }
      : this.#newPackage(entry, settings);
    setPhase('write');
    const saved = await entities.putShipmentPackages(shipment.id, [pkg]);
    result.requests += saved.requests;
    const where = empty ? `package ${empty.boxId ?? empty.id}` : 'a new package';
    return {
      message: `Posted tracking ${entry.trackingNbr}${entry.carrier ? ` (${entry.carrier})` : ''} to shipment ${shipment.shipmentNbr}, ${where}.`,
      details: details(shipment),
      shipment: saved.record,
      confirm: confirm(saved.record),
    };
  }

  async #shipmentsFor(
    entities: TrackingEntities,
    entry: TrackingEntry,
    result: TrackingRunResult,
  ): Promise<{ kind: 'shipments'; shipments: Shipment[] } | { kind: 'none'; label: string; order: Parameters<typeof createShipmentWithPackage>[1] }> {
    const target = entry.target;
    if (target.kind === 'shipment') return { kind: 'shipments', shipments: [await this.#getShipment(entities, target.shipmentNbr, result)] };
    const order = await orderShipments(entities, target.orderType, target.orderNbr).catch((error: unknown) => {
      throw notFound(error, `Order ${target.orderType} ${target.orderNbr} does not exist in Acumatica.`);
    });
    result.requests += order.requests;
    if (order.shipmentNbrs.length === 0) return { kind: 'none', label: `${target.orderType} ${target.orderNbr}`, order: { ...target, ...order } };
    const shipments: Shipment[] = [];
    for (const nbr of order.shipmentNbrs) shipments.push(await this.#getShipment(entities, nbr, result));
    return { kind: 'shipments', shipments };
  }

  async #getShipment(entities: TrackingEntities, shipmentNbr: string, result: TrackingRunResult): Promise<Shipment> {
    const got = await entities.getShipment(shipmentNbr).catch((error: unknown) => {
      throw notFound(error, `Shipment ${shipmentNbr} does not exist in Acumatica.`);
    });
    result.requests += got.requests;
    return got.record;
  }

  #newPackage(entry: TrackingEntry, settings: TrackingWriteSettings): TrackingPackage {
    const boxId = entry.boxId ?? settings.defaultBoxId ?? null;
    if (boxId === null) {
      throw new RowFailure('A new package is needed and Acumatica requires its Box ID: give BoxID in the row, or set the defaultBoxId setting.', 'write');
    }
    return { trackingNbr: entry.trackingNbr, boxId, ...(entry.weight !== null ? { weight: entry.weight } : {}) };
  }

  /** False when confirming failed for now and is tried again next run; true when settled either way. */
  async #confirm(entities: TrackingEntities, ledger: TrackingLedger, shipment: Shipment, entry: TrackingEntry, subject: ActivitySubject, result: TrackingRunResult): Promise<boolean> {
    try {
      result.requests += (await entities.confirmShipment(shipment.shipmentNbr)).requests;
      result.confirmed += 1;
      ledger.activity.record({ level: 'info', kind: 'tracking.shipment-confirmed', message: `Confirmed shipment ${shipment.shipmentNbr}.`, subject });
      return true;
    } catch (error) {
      const reason = failureReason(error, 'confirm');
      const passing = reason.retryable || isConnectionFailure(reason.kind);
      if (passing && entry.attempts + 1 < SERVER_ERROR_TRIES) {
        ledger.tracking.recordAttempt(entry.id, `Tracking ${entry.trackingNbr} is on shipment ${shipment.shipmentNbr}; confirming it failed for now: ${reason.message}`);
        return false;
      }
      // The number is posted either way; only the confirmation is left to a person.
      ledger.activity.record({
        level: 'warn',
        kind: 'tracking.confirm-failed',
        message: `Tracking ${entry.trackingNbr} is on shipment ${shipment.shipmentNbr}, but confirming the shipment failed: ${reason.message}`,
        subject,
      });
      return true;
    }
  }
}

function notFound(error: unknown, message: string): unknown {
  return failureReason(error, 'read').kind === 'not-found' ? new RowFailure(message, 'read') : error;
}

/** One key per shipment or order a number goes to (the ledger builds every target with the same fields in the same order). */
function targetKey(entry: TrackingEntry): string {
  return JSON.stringify(entry.target);
}

