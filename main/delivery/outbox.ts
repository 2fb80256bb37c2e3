// The outbox: every imported or updated record version becomes one job per destination, written
// in the same SQLite transaction as the import (enqueueChanges), and the worker that delivers due
// jobs with backoff, parking the ones that keep failing.
//
// Order per record: the ledger keeps only a record's newest version, so an older job's data no
// longer exists. When a record has several pending jobs for a destination, the older ones are
// superseded (closed as delivered without sending) and the newest is sent with the current data.
// A receiver therefore never sees version N after N+1, and the Idempotency-Key always names the
// version whose data is in the body.
//
// A destination removed from the settings: what it was still owed (pending and parked jobs) is
// closed as 'dropped', unsent, with one activity entry, rather than waiting forever as pending
// (on the dashboard's count, and holding its records from retention). The records stay in the
// ledger. If the destination is set up again nothing is re-sent: it receives the versions imported
// from then on, as a destination added for the first time would.
import type { ActivitySubject, Ledger, OrderKey, OutboxEntry, ShipmentKey } from '../store/index.ts';
import { activeDestinations, DestinationSettings, type Destination } from './destinations.ts';
import { payloadFor, type PayloadSource } from './payload.ts';

export interface RecordChanges {
  orders: readonly (OrderKey & { lastModified: string })[];
  shipments: readonly (ShipmentKey & { lastModified: string })[];
}

type OutboxStore = Pick<Ledger['outbox'], 'enqueue' | 'listByStatus' | 'markDelivered' | 'recordFailure' | 'park' | 'retryParked' | 'destinationsOwed' | 'dropOwed'>;

/**
 * Queues each changed record version for each destination. Pure ledger writes, no I/O: call it
 * INSIDE the page's transaction so the import and its jobs commit together. Re-queuing a version
 * already queued is a no-op. Returns how many jobs were added.
 */
export function enqueueChanges(ledger: { outbox: Pick<OutboxStore, 'enqueue'> }, destinations: readonly string[], changes: RecordChanges): number {
  let added = 0;
  for (const destination of destinations) {
    for (const o of changes.orders) {
      const record = { entity: 'order' as const, orderType: o.orderType, orderNbr: o.orderNbr, lastModified: o.lastModified };
      if (ledger.outbox.enqueue(record, destination).enqueued) added += 1;
    }
    for (const s of changes.shipments) {
      const record = { entity: 'shipment' as const, shipmentNbr: s.shipmentNbr, lastModified: s.lastModified };
      if (ledger.outbox.enqueue(record, destination).enqueued) added += 1;
    }
  }
  return added;
}

export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** Attempts (including the first) before a job that keeps failing is parked. */
  maxAttempts: number;
}

/** 30 s doubling to 1 h; ten attempts span about four hours before a job is parked. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 3_600_000, maxAttempts: 10 };

/** Delay before attempt `failures + 1`, ±20 % jitter so many failed jobs do not return together. */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

export interface OutboxLedger extends PayloadSource {
  outbox: OutboxStore;
  activity: Pick<Ledger['activity'], 'record'>;
  settings: Pick<Ledger['settings'], 'getSetting'>;
  transaction: Ledger['transaction'];
}

export interface OutboxWorkerOptions {
  ledger: OutboxLedger;
  destinations: readonly Destination[];
  policy?: BackoffPolicy;
  random?: () => number;
  /** Deliveries per destination per run, so one cycle stays bounded. */
  batchSize?: number;
}

export interface OutboxRunResult {
  delivered: number;
  retried: number;
  parked: number;
  superseded: number;
  /** Jobs closed unsent because their destination is no longer configured. */
  dropped: number;
}

const PAGE = 1000;

export class OutboxWorker {
  readonly #ledger: OutboxLedger;
  readonly #destinations: ReadonlyMap<string, Destination>;
  readonly #policy: BackoffPolicy;
  readonly #random: () => number;
  readonly #batchSize: number;

  constructor(options: OutboxWorkerOptions) {
    this.#ledger = options.ledger;
    this.#destinations = new Map(options.destinations.map((d) => [d.name, d]));
    this.#policy = options.policy ?? DEFAULT_BACKOFF;
    this.#random = options.random ?? Math.random;
    this.#batchSize = options.batchSize ?? 100;
  }

  /**
   * Drops the jobs of destinations no longer configured, then delivers the due jobs of every
   * configured one (destinations in parallel, each one's jobs one at a time, oldest record first).
   * Ledger failures propagate: they mean the ledger itself is broken.
   */
  async runOnce({ now, signal }: { now: number; signal?: { stopped: boolean } }): Promise<OutboxRunResult> {
    const result: OutboxRunResult = { delivered: 0, retried: 0, parked: 0, superseded: 0, dropped: this.#dropRemovedDestinations() };
    const byDestination = new Map<string, OutboxEntry[][]>();
    for (const [destination, groups] of this.#pendingGroups()) {
      if (!this.#destinations.has(destination)) continue;
      const candidates: OutboxEntry[][] = [];
      for (const group of groups) {
        for (const older of group.slice(0, -1)) {
          this.#ledger.outbox.markDelivered(older.id);
          result.superseded += 1;
        }
        const newest = group.at(-1)!;
        if (newest.nextAttemptAt <= now) candidates.push(group);
      }
      byDestination.set(destination, candidates);
    }
    await Promise.all(
      [...byDestination].map(async ([name, groups]) => {
        const destination = this.#destinations.get(name)!;
        for (const group of groups.slice(0, this.#batchSize)) {
          // A stop (SIGTERM, Quit) finishes the delivery in hand; the rest wait for the next start.
          if (signal?.stopped) break;
          const outcome = await this.#deliver(destination, group.at(-1)!, now);
          result[outcome] += 1;
          // The destination is down or refusing for now: the rest of its jobs wait for the next
          // run instead of each waiting out a timeout in this one.
          if (outcome === 'retried') break;
        }
      }),
    );
    return result;
  }

  /** The operator's retry (UI or CLI): a parked job becomes due now. */
  retryParked(id: number): void {
    this.#ledger.outbox.retryParked(id);
  }

  async #deliver(destination: Destination, job: OutboxEntry, now: number): Promise<'delivered' | 'retried' | 'parked'> {
    const subject = outboxJobSubject(job);
    const payload = payloadFor(this.#ledger, job.entity, job.recordKey);
    if (payload === undefined) {
      return this.#park(job, subject, `${describeOutboxJob(job)} is no longer in the ledger, so there is nothing to deliver.`);
    }
    let outcome;
    try {
      outcome = await destination.deliver(payload);
    } catch (error) {
      outcome = { kind: 'retry' as const, error: `Delivery failed unexpectedly: ${error instanceof Error ? error.message : String(error)}` };
    }
    switch (outcome.kind) {
      case 'delivered':
        this.#ledger.outbox.markDelivered(job.id);
        this.#ledger.activity.record({
          level: 'info',
          kind: `outbox.delivered.${destination.name}`,
          message: `Delivered ${describeOutboxJob(job)} to the ${destination.name}${outcome.detail ? ` (${outcome.detail})` : ''}.`,
          subject,
        });
        return 'delivered';
      case 'park':
        return this.#park(job, subject, outcome.error);
      case 'retry': {
        const failures = job.attempts + 1;
        if (failures >= this.#policy.maxAttempts) {
          return this.#park(job, subject, `Gave up after ${failures} attempts: ${outcome.error}`);
        }
        // Never sooner than the destination asked; never later than the longest backoff, so a
        // Retry-After of a year cannot hide a job from its last attempts and the operator.
        const asked = Math.min(outcome.retryAfterMs ?? 0, this.#policy.maxMs);
        this.#ledger.outbox.recordFailure(job.id, outcome.error, now + Math.max(asked, backoffDelay(failures, this.#policy, this.#random)));
        return 'retried';
      }
    }
  }

  #park(job: OutboxEntry, subject: ActivitySubject, error: string): 'parked' {
    this.#ledger.outbox.park(job.id, error);
    this.#ledger.activity.record({
      level: 'error',
      kind: `outbox.parked.${job.destination}`,
      message: `Delivery of ${describeOutboxJob(job)} to the ${job.destination} is parked: ${error} Retry it from Deliveries once fixed.`,
      details: { outboxId: job.id, idempotencyKey: job.idempotencyKey },
      subject,
    });
    return 'parked';
  }

  /** Closes, with one activity entry each, what the removed destinations were still owed. */
  #dropRemovedDestinations(): number {
    let dropped = 0;
    for (const destination of this.#ledger.outbox.destinationsOwed()) {
      if (this.#destinations.has(destination)) continue;
      // One transaction: the jobs are never closed without the entry saying so.
      dropped += this.#ledger.transaction(() => {
        // This worker was built from the settings as its cycle began. Another process on the same
        // data folder (the CLI beside the service) may since have set the destination up and queued
        // jobs for it: only what the stored setting no longer names is dropped, read under the
        // write lock so that no such change can slip in between.
        if (this.#storedDestinations().includes(destination)) return 0;
        const count = this.#ledger.outbox.dropOwed(destination, `Dropped unsent: the ${destination} destination was removed from the settings.`);
        if (count > 0) {
          this.#ledger.activity.record({
            level: 'warn',
            kind: `outbox.dropped.${destination}`,
            message:
              `${count} ${count === 1 ? 'delivery' : 'deliveries'} to the ${destination} ${count === 1 ? 'was' : 'were'} dropped unsent: ` +
              `the ${destination} destination was removed from the settings. The orders and shipments stay in the ledger; ` +
              `if the ${destination} is set up again, it receives what is imported or changed from then on.`,
            details: { destination, dropped: count },
          });
        }
        return count;
      });
    }
    return dropped;
  }

  #storedDestinations(): string[] {
    const stored = this.#ledger.settings.getSetting('destinations', DestinationSettings);
    return stored === undefined ? [] : activeDestinations(stored);
  }

  /** destination → pending jobs grouped by record (oldest record first), each group oldest job first. */
  #pendingGroups(): Map<string, OutboxEntry[][]> {
    const pending: OutboxEntry[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = this.#ledger.outbox.listByStatus('pending', PAGE, offset);
      pending.push(...page);
      if (page.length < PAGE) break;
    }
    pending.sort((a, b) => a.id - b.id);
    const groups = new Map<string, Map<string, OutboxEntry[]>>();
    for (const job of pending) {
      const perRecord = groups.get(job.destination) ?? new Map<string, OutboxEntry[]>();
      groups.set(job.destination, perRecord);
      const key = `${job.entity}:${job.recordKey}`;
      const group = perRecord.get(key);
      if (group) group.push(job);
      else perRecord.set(key, [job]);
    }
    return new Map([...groups].map(([destination, perRecord]) => [destination, [...perRecord.values()]]));
  }
}

/** The order or shipment a job delivers, as the activity log names its subject. */
export function outboxJobSubject(job: OutboxEntry): ActivitySubject {
  if (job.entity === 'shipment') return { type: 'shipment', shipmentNbr: job.recordKey };
  const slash = job.recordKey.indexOf('/');
  return { type: 'order', orderType: job.recordKey.slice(0, slash), orderNbr: job.recordKey.slice(slash + 1) };
}

/** "order SO SO001234" or "shipment SH000123", for messages. */
export function describeOutboxJob(job: OutboxEntry): string {
  return job.entity === 'order' ? `order ${job.recordKey.replace('/', ' ')}` : `shipment ${job.recordKey}`;
}
