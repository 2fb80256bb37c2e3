// The fulfillment half of a cycle: tracking CSVs from the inbox folder are queued, queued tracking
// numbers are posted to Acumatica, and the outbox delivers imported records to the destinations.
// Daily, with the ledger's retention, the inbox's processed/ and rejected/ files are pruned.
// Destinations are rebuilt only when their setting changes (the webhook keeps its dispatcher).
import type { AcumaticaEntities } from '../acumatica/entities.ts';
import { activeDestinations, buildDestinations, closeDestinations, DestinationSettings, OutboxWorker, processInbox, pruneInboxArchive, TrackingWriter } from '../delivery/index.ts';
import type { Destination, OutboxRunResult, TrackingRunResult } from '../delivery/index.ts';
import type { Redactor } from '../log/index.ts';
import type { Ledger } from '../store/index.ts';
import { holdsSecret, type SecretName, type Vault } from '../vault/index.ts';
import type { Settings } from '../../preload/api.ts';

export interface FulfillmentReport {
  tracking: Pick<TrackingRunResult, 'posted' | 'failed' | 'requests'>;
  deliveries: Pick<OutboxRunResult, 'delivered' | 'retried' | 'parked'>;
}

export class Fulfillment {
  readonly #ledger: Ledger;
  readonly #vault: Vault;
  readonly #redactor: Redactor;
  readonly #tracking = new TrackingWriter();
  #fingerprint = '';
  #destinations: Destination[] = [];
  #worker: OutboxWorker | null = null;
  /** The inbox folder's last problem, so a folder that stays missing is reported once, not every cycle. */
  #inboxProblem: string | null = null;

  constructor(ledger: Ledger, vault: Vault, redactor: Redactor) {
    this.#ledger = ledger;
    this.#vault = vault;
    this.#redactor = redactor;
  }

  /** The destination names new imports are queued for (used inside the page transaction). */
  activeNames(settings: Settings): string[] {
    return activeDestinations(DestinationSettings.parse(settings.destinations));
  }

  /**
   * Inbox, then tracking writeback (needs Acumatica), reported for the cycle. `setAsideBecause` is
   * the cycle's company guard: a file read when Setup has moved to another company is set aside.
   */
  async postTracking(
    entities: AcumaticaEntities,
    settings: Settings,
    { signal, setAsideBecause }: { signal?: { stopped: boolean }; setAsideBecause?: () => string | null } = {},
  ): Promise<FulfillmentReport['tracking']> {
    if (settings.trackingInboxDir) await this.#readInbox(settings.trackingInboxDir, setAsideBecause);
    const { confirmShipments, createShipmentsForOrders, defaultBoxId } = settings;
    const result = await this.#tracking.runOnce(entities, this.#ledger, { confirmShipments, createShipmentsForOrders, defaultBoxId }, signal);
    return { posted: result.posted, failed: result.failed, requests: result.requests };
  }

  /** Deliver due outbox jobs; needs no Acumatica connection, so it also runs when a sync failed. */
  async deliver(settings: Settings, now: number, signal?: { stopped: boolean }): Promise<FulfillmentReport['deliveries']> {
    const worker = await this.#workerFor(settings);
    const result = await worker.runOnce({ now, signal });
    return { delivered: result.delivered, retried: result.retried, parked: result.parked };
  }

  /**
   * The inbox's processed/ and rejected/ files older than retentionDays go, with one activity entry
   * saying how many. Throws when the folder cannot be read: the caller logs it and tries tomorrow.
   */
  async pruneInbox(settings: Settings, now: () => number): Promise<void> {
    const dir = settings.trackingInboxDir;
    if (!dir) return;
    const removed = await pruneInboxArchive(dir, { olderThanDays: settings.retentionDays, now });
    const total = removed.processed + removed.rejected;
    if (total === 0) return;
    this.#ledger.activity.record({
      level: 'info',
      kind: 'tracking.inbox-pruned',
      message: `Removed ${total} ${total === 1 ? 'file' : 'files'} older than ${settings.retentionDays} days (the retention period) from processed/ and rejected/ in the tracking inbox ${dir}.`,
      details: { dir, processed: removed.processed, rejected: removed.rejected },
    });
  }

  /**
   * An unusable inbox folder (deleted, unplugged share, no permission to read it or move files) is the admin's to fix, but
   * it must not stop the cycle: orders still import and numbers already queued are still posted.
   */
  async #readInbox(dir: string, setAsideBecause: (() => string | null) | undefined): Promise<void> {
    try {
      await processInbox(dir, this.#ledger, { setAsideBecause });
      if (this.#inboxProblem !== null) this.#ledger.activity.record({ level: 'info', kind: 'tracking.inbox-readable', message: `The tracking inbox folder ${dir} can be used again.` });
      this.#inboxProblem = null;
    } catch (error) {
      const problem = `The tracking inbox folder ${dir} cannot be used (${error instanceof Error ? error.message : String(error)}); no tracking CSV files are picked up until it can. Fix the folder or change the trackingInboxDir setting.`;
      if (problem !== this.#inboxProblem) this.#ledger.activity.record({ level: 'error', kind: 'tracking.inbox-unreadable', message: problem });
      this.#inboxProblem = problem;
    }
  }

  async close(): Promise<void> {
    await closeDestinations(this.#destinations);
    this.#destinations = [];
    this.#worker = null;
  }

  /**
   * A secret read for a delivery (the webhook's API key and signing secret), learnt by the log's
   * redactor on the way, so an echo of it is masked by value in the log and the activity log. Under
   * its name: a changed key replaces the old one's place rather than adding to a list.
   */
  async #readSecret(name: SecretName): Promise<string | undefined> {
    const value = await this.#vault.get(name);
    // Not the receiver marker read through here too: masked, the message naming both receivers was useless.
    if (value && holdsSecret(name)) this.#redactor.registerSecretValue(value, name);
    return value;
  }

  async #workerFor(settings: Settings): Promise<OutboxWorker> {
    const fingerprint = JSON.stringify(settings.destinations);
    if (this.#worker && fingerprint === this.#fingerprint) return this.#worker;
    await closeDestinations(this.#destinations);
    this.#destinations = buildDestinations(DestinationSettings.parse(settings.destinations), { vault: { get: (name) => this.#readSecret(name), set: (name, value) => this.#vault.set(name, value) } });
    this.#worker = new OutboxWorker({ ledger: this.#ledger, destinations: this.#destinations });
    this.#fingerprint = fingerprint;
    return this.#worker;
  }
}
