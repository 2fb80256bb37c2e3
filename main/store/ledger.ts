import { closeSync, openSync, rmSync, statSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { ActivityLog } from './activity-log.ts';
import { CursorRepository } from './cursor-repository.ts';
import { PendingLookupRepository } from './pending-lookup-repository.ts';
import { closeDatabase, openDatabase } from './database.ts';
import { OrderRepository } from './order-repository.ts';
import { OutboxRepository } from './outbox-repository.ts';
import { pollerLeaseOfAnyVersion, PollerLeaseRepository, type PollerLease } from './poller-lease-repository.ts';
import type { PruneCounts, RetentionPolicy } from './retention.ts';
import { assertRetentionPolicy, pruneFinishedRecords } from './retention.ts';
import { retentionClock, type RetentionClock } from './retention-clock.ts';
import { ServerClockRepository } from './server-clock-repository.ts';
import { clearImportedRecords, countImportedRecords, type ImportedRecordCounts } from './imported-records.ts';
import { SettingsRepository } from './settings-repository.ts';
import { ShipmentRepository } from './shipment-repository.ts';
import { StockItemRepository } from './stock-item-repository.ts';
import { LedgerUpgradedWhileOpenError } from './ledger-upgraded-error.ts';
import { LATEST_SCHEMA_VERSION } from './migrations.ts';
import { TrackingRepository } from './tracking-repository.ts';
import type { Transaction } from './transaction.ts';
import { createTransaction } from './transaction.ts';

export interface LedgerOptions {
  /** The SQLite file (created with its folder if absent), or ':memory:'. */
  path: string;
  now?: () => number;
  /**
   * Applied to free text the ledger stores (activity messages and details, delivery and tracking
   * errors), so a secret quoted in an upstream error never reaches the file. Pass the log
   * Redactor's redactText.
   */
  redact?: (text: string) => string;
  /**
   * Called before the file is upgraded to this release's schema, with the write lock held and the
   * process that holds the poller lease (alive or not; null if none): throwing refuses the upgrade
   * and leaves the file as it was. See main/engine/upgrade-guard.ts.
   */
  beforeUpgrade?: (upgrade: LedgerUpgrade) => void;
}

export interface LedgerUpgrade {
  path: string;
  fromVersion: number;
  toVersion: number;
  poller: PollerLease | null;
}

/** The dashboard's numbers. "Today" is the local calendar day of the machine. */
export interface LedgerCounts {
  ordersTotal: number;
  ordersImportedToday: number;
  outboxPending: number;
  outboxParked: number;
  trackingQueued: number;
  trackingPosted: number;
  trackingFailed: number;
  errorsToday: number;
}

export interface PruneResult extends PruneCounts {
  fileBytesBefore: number;
  fileBytesAfter: number;
  /** The clock the cutoff was counted from; 'unverified' pruned nothing (retention-clock.ts). */
  clock: RetentionClock;
}

/** The ledger: one SQLite connection and the repositories over it. */
export class Ledger {
  readonly path: string;
  readonly activity: ActivityLog;
  readonly orders: OrderRepository;
  readonly shipments: ShipmentRepository;
  readonly stockItems: StockItemRepository;
  readonly cursors: CursorRepository;
  /** SKUs imported orders name that the stock item cache still lacks. */
  readonly pendingLookups: PendingLookupRepository;
  readonly settings: SettingsRepository;
  readonly outbox: OutboxRepository;
  readonly tracking: TrackingRepository;
  /** Acumatica's clock as the sync last read it, which the daily retention checks this computer's against. */
  readonly serverClock: ServerClockRepository;
  /** Which process polls Acumatica for this data folder (main/engine/poller-lease.ts). */
  readonly pollerLease: PollerLeaseRepository;
  /**
   * Runs synchronous work atomically; nests (savepoints) so repository calls join it:
   * `ledger.transaction(() => { ledger.orders.upsertOrders(page); ledger.cursors.setCursor(...) })`.
   */
  readonly transaction: Transaction;
  readonly #db: DatabaseSync;
  readonly #now: () => number;

  constructor(db: DatabaseSync, path: string, now: () => number, redact: (text: string) => string) {
    this.#db = db;
    this.#now = now;
    this.path = path;
    // One PRAGMA per write transaction (it reads the file header the lock has just read anyway).
    const schemaVersion = db.prepare('PRAGMA user_version');
    this.transaction = createTransaction(db, () => {
      const version = schemaVersion.get()?.['user_version'];
      if (typeof version === 'number' && version > LATEST_SCHEMA_VERSION) throw new LedgerUpgradedWhileOpenError(path, version, LATEST_SCHEMA_VERSION);
    });
    this.activity = new ActivityLog(db, now, redact);
    const deps = { db, transaction: this.transaction, now, activity: this.activity };
    this.orders = new OrderRepository(deps);
    this.shipments = new ShipmentRepository(deps);
    this.stockItems = new StockItemRepository(deps);
    this.cursors = new CursorRepository(db, now);
    this.pendingLookups = new PendingLookupRepository(db);
    this.settings = new SettingsRepository(db, now);
    this.outbox = new OutboxRepository(db, now, redact);
    this.tracking = new TrackingRepository(db, now, redact);
    this.pollerLease = new PollerLeaseRepository(db, this.transaction);
    this.serverClock = new ServerClockRepository(db);
  }

  counts(): LedgerCounts {
    const startOfToday = new Date(this.#now()).setHours(0, 0, 0, 0);
    const outbox = this.outbox.countByStatus();
    const tracking = this.tracking.countByStatus();
    return {
      ordersTotal: this.orders.countAll(),
      ordersImportedToday: this.orders.countImportedSince(startOfToday),
      outboxPending: outbox.pending,
      outboxParked: outbox.parked,
      trackingQueued: tracking.queued,
      trackingPosted: tracking.posted,
      trackingFailed: tracking.failed,
      errorsToday: this.activity.countSince('error', startOfToday),
    };
  }

  /**
   * See pruneFinishedRecords for what counts as finished. Also shrinks the file. The cutoff counts
   * from Acumatica's clock where this computer's is far ahead of it, and nothing goes when neither
   * can be trusted (retention-clock.ts); `clock` says which.
   */
  pruneFinished(policy: RetentionPolicy): PruneResult {
    assertRetentionPolicy(policy);
    const fileBytesBefore = this.#fileBytes();
    const clock = this.retentionClock(policy.olderThanDays);
    if (clock.kind === 'unverified') {
      const none = { orders: 0, shipments: 0, outbox: 0, tracking: 0, activity: 0, stockItems: 0 };
      return { ...none, fileBytesBefore, fileBytesAfter: fileBytesBefore, clock };
    }
    const counts = pruneFinishedRecords(this.#db, this.transaction, () => clock.now, policy);
    return { ...counts, fileBytesBefore, fileBytesAfter: this.#fileBytes(), clock };
  }

  /** The clock a retention of `olderThanDays` may count by now: this computer's, Acumatica's, or none (retention-clock.ts). */
  retentionClock(olderThanDays: number): RetentionClock {
    return retentionClock(this.#now(), this.serverClock.latest(), olderThanDays);
  }

  /** What the ledger holds from the Acumatica company it syncs with (see imported-records.ts). */
  importedRecords(): ImportedRecordCounts {
    return countImportedRecords(this.#db);
  }

  /** Forgets every imported record and sync position, for a move to another company; settings and history stay. */
  clearImportedRecords(): ImportedRecordCounts {
    const counts = clearImportedRecords(this.#db, this.transaction);
    this.#db.exec('PRAGMA incremental_vacuum');
    return counts;
  }

  /**
   * A consistent copy of the whole ledger at `path` (which must not exist), while it stays open.
   * It holds what the ledger holds (customer names and addresses), so it is made owner-only like
   * the ledger (database.ts): SQLite would create it 0644, readable by every account when the data
   * folder is not private (one an administrator made for the service). VACUUM INTO fills an empty
   * file and keeps its mode; a copy that fails is removed, so a retry finds its name free.
   */
  copyTo(path: string): void {
    closeSync(openSync(path, 'wx', 0o600));
    try {
      this.#db.prepare('VACUUM INTO ?').run(path);
    } catch (error) {
      rmSync(path, { force: true });
      throw error;
    }
  }

  /** Checkpoints and closes; safe to call twice. */
  close(): void {
    closeDatabase(this.#db);
  }

  #fileBytes(): number {
    if (this.path === ':memory:') return 0;
    const size = (file: string): number => statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    return size(this.path) + size(`${this.path}-wal`);
  }
}

export function openLedger(options: LedgerOptions): Ledger {
  const now = options.now ?? Date.now;
  const { beforeUpgrade } = options;
  const db = openDatabase(
    options.path,
    now,
    beforeUpgrade && ((raw, fromVersion, toVersion) => beforeUpgrade({ path: options.path, fromVersion, toVersion, poller: pollerLeaseOfAnyVersion(raw) })),
  );
  return new Ledger(db, options.path, now, options.redact ?? ((text) => text));
}
