// The engine: ledger, settings, vault, the Acumatica connection and the poller, composed once and
// used the same way by the Electron app, the headless service and the command line.
import type { AcumaticaConnection } from '../acumatica/connection.ts';
import type { PreflightResult } from '../acumatica/preflight.ts';
import { companyOf } from '../acumatica/company.ts';
import { asAcumaticaError } from '../acumatica/errors.ts';
import type { AuthState, TokenEvent } from '../acumatica/token-manager.ts';
import type { AppLogger } from '../log/index.ts';
import { ledgerFailure, LedgerUpgradedWhileOpenError, openLedger, type Ledger, type PollerKind } from '../store/index.ts';
import { SyncScheduler, systemClock, type CycleOutcome, type SchedulerClock } from '../sync/scheduler.ts';
import { rewindCursors, runSyncCycle, type CycleCounts } from '../sync/sync-cycle.ts';
import { VaultUnreadableError, type Vault } from '../vault/index.ts';
import type { ConnectorStatus, EventName, Settings } from '../../preload/api.ts';
import { AcumaticaLink, type ConnectionOverrides } from './acumatica-link.ts';
import { companyGuard } from './company-guard.ts';
import { ledgerEndpointMemory } from './endpoint-memory.ts';
import { ledgerPath } from './data-dir.ts';
import { tokenEventActivity } from './auth-activity.ts';
import { retentionClockNote } from './retention-clock-note.ts';
import { ConnectorEvents } from './events.ts';
import { grantIssuedAt } from './stored-grant.ts';
import { Fulfillment } from './fulfillment.ts';
import { SettingsService } from './settings-service.ts';
import { refuseIdentityChange } from './sign-in-identity.ts';
import { checkLocalPaths } from './local-path-settings.ts';
import { credentialsChangedSinceFailure, cycleFailureEntry, failureSinceLastSync } from './last-failure.ts';
import { deriveStatus, type CycleFailure } from './status.ts';
import { recordsStartedOverAt } from './records-started-over.ts';
import { declaredSameCompany } from './same-company-move.ts';
import { describePoller, holdPollerLease, livePoller, STALE_AFTER_MS, type HeldPollerLease } from './poller-lease.ts';
import { forgetPause, rememberPause, storedPause } from './stored-pause.ts';
import { refuseUpgradeUnderPoller } from './upgrade-guard.ts';

export interface ConnectorOptions {
  dataDir: string;
  vault: Vault;
  log: AppLogger;
  now?: () => number;
  schedulerClock?: SchedulerClock;
  connection?: ConnectionOverrides;
  /** Records per list request (tests and benchmarks); Acumatica's default page otherwise. */
  pageSize?: number;
}

export interface CycleReport extends CycleCounts {
  tracking: { posted: number; failed: number };
  deliveries: { delivered: number; retried: number; parked: number };
  requests: number;
  tokenGrants: { password: number; refresh: number };
  durationMs: number;
}

const PRUNE_EVERY_MS = 24 * 60 * 60_000;
/** How often a started connector checks, between cycles, whether the daily prune is due. */
const PRUNE_CHECK_MS = 60 * 60_000;

export class Connector {
  readonly ledger: Ledger;
  readonly settings: SettingsService;
  readonly vault: Vault;
  readonly events = new ConnectorEvents();
  readonly #log: AppLogger;
  readonly #now: () => number;
  readonly #options: ConnectorOptions;
  readonly #scheduler: SyncScheduler;
  readonly #fulfillment: Fulfillment;
  readonly #link: AcumaticaLink;
  #cycle: { requested: boolean; startedAt: number; signal: { stopped: boolean } } | null = null;
  #lastFailure: (CycleFailure & { since: number }) | null = null;
  #lastSyncAt: number | null = null;
  #credentialsProblem: string | null = null;
  #storedSecrets = { clientSecret: false, password: false };
  #storedRefreshIssuedAt: number | null = null;
  #revision = 0;
  #grants = { password: 0, refresh: 0 };
  #lastActivityId: number;
  #lastPruneAt = 0;
  #pruneCheck: unknown = null;
  #credentialsChangedAt = -Infinity;
  #pollerLease: HeldPollerLease | null = null;
  /** Polling ended for good: another process took the lease over, or a newer release upgraded the ledger. */
  #pollingEnded = false;
  #onPollingEnded: ((message: string) => void) | null = null;
  #stopping = false;
  #configuredAtLastTick = true;
  #started = false;

  constructor(options: ConnectorOptions) {
    this.#options = options;
    this.#log = options.log;
    this.#now = options.now ?? Date.now;
    this.vault = options.vault;
    this.ledger = openLedger({
      path: ledgerPath(options.dataDir),
      now: this.#now,
      redact: options.log.redactor.redactText,
      beforeUpgrade: refuseUpgradeUnderPoller({ now: this.#now }),
    });
    this.settings = new SettingsService(this.ledger.settings);
    this.#fulfillment = new Fulfillment(this.ledger, options.vault, options.log.redactor);
    this.#link = new AcumaticaLink(
      {
        vault: options.vault,
        redactor: options.log.redactor,
        overrides: options.connection,
        endpointMemory: (instanceUrl) => ledgerEndpointMemory(this.ledger.settings, instanceUrl),
        onTokenEvent: (event) => this.#onTokenEvent(event),
        passwordRefused: () => this.#passwordRefused(),
        savedSignIn: () => this.settings.all(),
      },
      () => this.#tokenStateChanged(),
    );
    this.#lastActivityId = this.ledger.activity.lastId();
    // The last page any process committed: a CLI `status` beside a running service sees it too.
    const cursorTimes = this.ledger.cursors.listCursors().map((cursor) => cursor.updatedAt);
    this.#lastSyncAt = cursorTimes.length > 0 ? Math.max(...cursorTimes) : null;
    this.#lastFailure = failureSinceLastSync(this.ledger.activity, this.#lastSyncAt);
    this.#scheduler = new SyncScheduler({
      intervalMs: this.settings.get('pollIntervalSeconds') * 1000,
      clock: options.schedulerClock,
      runCycle: (reason) => this.#scheduledCycle(reason === 'requested'),
      onPlanned: (at) => {
        // Not at a stop: the lease row goes a moment later, and a ledger another process holds
        // would keep the stop waiting out the busy timeout for nothing.
        if (!this.#stopping) this.#pollerLease?.planNextSync(at);
        this.#statusChanged();
      },
    });
  }

  /** Reads which secrets are stored (never their values into anything but the connection). */
  async refreshSecretPresence(): Promise<void> {
    try {
      const [clientSecret, password, grant] = await Promise.all([this.vault.get('clientSecret'), this.vault.get('password'), this.vault.get('refreshToken')]);
      this.#storedSecrets = { clientSecret: Boolean(clientSecret), password: Boolean(password) };
      this.#storedRefreshIssuedAt = grantIssuedAt(grant);
      this.#credentialsProblem =
        !this.settings.isConfigured() || (clientSecret && password)
          ? null
          : `The ${!clientSecret ? 'Client Secret' : 'Password'} is not stored. Enter it in Setup.`;
    } catch (error) {
      if (!(error instanceof VaultUnreadableError)) throw error;
      this.#storedSecrets = { clientSecret: false, password: false };
      this.#credentialsProblem = 'The stored credentials cannot be decrypted (the key changed or the file was damaged). Enter the Client Secret and Password again in Setup.';
      this.#log.logger.error({ reason: error.reason }, 'vault unreadable');
    }
    this.#statusChanged();
  }

  status(): ConnectorStatus {
    const counts = this.ledger.counts();
    this.#revision += 1;
    return deriveStatus({
      revision: this.#revision,
      now: this.#now(),
      configured: this.settings.isConfigured(),
      credentialsProblem: this.#credentialsProblem,
      auth: this.#link.current?.tokens.state ?? ({ kind: 'signed-out' } as AuthState),
      // A process that does not poll (`connector status` beside the service) reads the pause the
      // poller stored; the poller knows its own (its timer may end a pause the wall clock has not).
      pausedUntil: this.#started ? this.#scheduler.pausedUntil : storedPause(this.ledger.settings, this.#now()),
      cycle: this.#cycle,
      lastFailure: this.#lastFailure,
      lastSyncAt: this.#lastSyncAt,
      // Likewise the next run: a process that does not poll shows the poller's plan, if one polls.
      nextSyncAt: this.#started ? this.#scheduler.nextRunAt : (livePoller(this.ledger.pollerLease, { now: this.#now })?.nextSyncAt ?? null),
      counts,
      shipmentsTotal: this.ledger.shipments.countAll(),
      secretExpiresOn: this.settings.get('secretExpiresOn'),
      secretReminderSnoozedUntil: this.settings.get('secretReminderSnoozedUntil'),
      slidingWindowDays: this.settings.get('slidingWindowDays'),
      storedRefreshIssuedAt: this.#storedRefreshIssuedAt,
      storedSecrets: this.#storedSecrets,
      recordsStartedOverAt: recordsStartedOverAt(this.ledger.settings),
    });
  }

  subscribe(listener: (event: EventName, payload: unknown) => void): () => void {
    return this.events.subscribe(listener);
  }

  /**
   * Claims the data folder's poller lease for the service, the app or a `sync --once` (released by
   * stop()), before anything polls;
   * throws PollerBusyError when another process holds it (main/engine/poller-lease.ts). `onLost`
   * runs if another process later takes the lease over, or a newer release upgrades the ledger
   * under this one: polling has stopped by then.
   */
  claimPolling(kind: PollerKind, onLost: (message: string) => void): HeldPollerLease {
    this.#pollerLease = holdPollerLease(this.ledger.pollerLease, kind, { now: this.#now }, (takenBy) => {
      const who = takenBy ? describePoller(takenBy) : 'Another process';
      const self = { service: 'service', desktop: 'app', 'sync-once': '"sync --once"' }[kind];
      const message = `${who} took over syncing this data folder: this ${self} had not renewed its claim for ${STALE_AFTER_MS / 1000} seconds (frozen, or the clock jumped). This one stopped syncing, so that only one polls Acumatica.`;
      this.#activity('error', 'sync.poller-replaced', message);
      this.#endPolling(message);
    });
    this.#onPollingEnded = onLost;
    return this.#pollerLease;
  }

  #endPolling(message: string): void {
    this.#pollingEnded = true;
    // The cycle in flight ends after its page, as at a stop.
    if (this.#cycle) this.#cycle.signal.stopped = true;
    void this.#scheduler.stop();
    this.#statusChanged();
    this.#onPollingEnded?.(message);
  }

  /**
   * Start polling (service and app), set up or not: a connector not yet set up looks again at every
   * tick, so a Setup saved by another process (`connector setup` beside the service, which is how a
   * scripted install goes) starts the syncing without a restart. The CLI's one-shot commands never
   * call this.
   */
  start(): void {
    // Another process polls this folder now (or a newer release does, having upgraded the ledger):
    // saving the setup must not start a second poller.
    if (this.#pollingEnded) return;
    if (this.#started) {
      // Setup saved in this process (the dashboard, the app's window) while the poller waited for
      // one: its first sync starts now, as it did when Save started the poller, not a poll
      // interval (or a day) later.
      if (!this.#configuredAtLastTick && this.settings.isConfigured()) this.#scheduler.runSoon();
      return;
    }
    this.#started = true;
    this.#scheduler.start();
    this.#armPruneCheck();
    // A pause outlives a restart (a reboot, a service restart): "until resumed" means until someone
    // resumes. Applied before the first cycle's timer fires, so that cycle never runs.
    const paused = storedPause(this.ledger.settings, this.#now());
    if (paused !== undefined) this.#scheduler.pauseUntil(paused);
  }

  syncNow(): Promise<CycleOutcome> {
    return this.#scheduler.syncNow();
  }

  /**
   * A cycle as soon as nothing runs, unless paused: after Setup is saved again, the new values are
   * tried at once (a corrected password, a ledger started over for another company) instead of
   * after the poll interval or an error backoff of up to 15 minutes.
   */
  syncSoon(): void {
    if (this.#started && !this.#pollingEnded) this.#scheduler.runSoon();
  }

  pause(minutes: number | null): void {
    this.#scheduler.pause(minutes);
    rememberPause(this.ledger.settings, this.#scheduler.pausedUntil ?? null);
    this.#activity('info', 'sync.paused', minutes === null ? 'Sync paused until resumed.' : `Sync paused for ${minutes} minutes.`);
    this.#statusChanged();
  }

  resume(): void {
    this.#scheduler.resume();
    forgetPause(this.ledger.settings);
    this.#activity('info', 'sync.resumed', 'Sync resumed.');
    this.#statusChanged();
  }

  /**
   * After an operator's change to the ledger outside a cycle (a dismissed delivery): its activity
   * entry and the changed counts reach the UI now, not after the next cycle.
   */
  ledgerChangedByOperator(): void {
    this.#flushActivity();
    this.#statusChanged();
  }

  /** One full cycle now, outside the schedule (the CLI's `sync --once`). */
  async syncOnce(options: { since?: string } = {}): Promise<CycleReport> {
    if (options.since) {
      // The start of that date on this computer's clock, the operator's day: read as UTC midnight,
      // `--since` today on a PC in Sydney or Kiritimati skipped the morning's changes (10-14 hours).
      // ECMAScript reads a date-time without an offset as local time.
      rewindCursors(this.ledger, { orderTypes: this.settings.get('orderTypes') }, new Date(`${options.since}T00:00:00`).toISOString());
      this.#activity('info', 'sync.reimport', `Re-importing everything changed since ${options.since}.`);
    }
    return this.#runCycle(true);
  }

  /** The live connection, built (or rebuilt after a settings change) on first use. */
  connection(): AcumaticaConnection {
    return this.#link.for(this.settings.all());
  }

  /**
   * The access preflight of the stored connection (`test-connection`, Setup's Test with nothing
   * changed). A password Acumatica rejects here is recorded as a failed cycle's is (see
   * #passwordRefused): otherwise the service's next cycle, and then each `sync --once`, would send
   * it again, each a failed sign-in towards locking the integration user out.
   */
  async preflightStored(): Promise<PreflightResult> {
    const connection = this.connection();
    const refusedBefore = connection.tokens.state.kind === 'credentials-rejected';
    const startedAt = this.#now();
    const result = await connection.preflight();
    const state = connection.tokens.state;
    if (!refusedBefore && state.kind === 'credentials-rejected') {
      const failed = { kind: state.kind, message: state.description, retryable: false, since: this.#now() };
      this.#lastFailure = failed;
      this.ledger.activity.record(cycleFailureEntry(failed, startedAt));
      this.#statusChanged();
    }
    return result;
  }

  /** A throwaway connection for testing values that are not (yet) the saved ones. */
  testConnectionFor(settings: Settings, secrets: { clientSecret?: string; password?: string }): AcumaticaConnection {
    return this.#link.throwaway(settings, secrets);
  }

  /** Any setting but the sign-in identity of a configured connection (see sign-in-identity.ts). */
  applySettings(patch: Partial<Settings>): Settings {
    const current = this.settings.all();
    refuseIdentityChange(current, patch);
    // Only values being changed: a folder deleted since it was set must not block other settings.
    checkLocalPaths({
      caFile: patch.caFile !== current.caFile ? patch.caFile : undefined,
      trackingInboxDir: patch.trackingInboxDir !== current.trackingInboxDir ? patch.trackingInboxDir : undefined,
    });
    return this.#apply(patch);
  }

  /**
   * Setup's own write, identity included: saveSetup has checked the values and discarded the old
   * grant and session first.
   */
  applySetup(settings: Partial<Settings>): Settings {
    return this.#apply(settings);
  }

  #apply(patch: Partial<Settings>): Settings {
    const updated = this.settings.update(patch);
    this.#scheduler.setInterval(updated.pollIntervalSeconds * 1000);
    this.#statusChanged();
    return updated;
  }

  /** Forget the grant of a connection whose identity changed, signing its session out. */
  discardConnection(signOut: boolean): Promise<void> {
    return this.#link.discard(signOut);
  }

  afterCredentialsChanged(): void {
    this.#credentialsChangedAt = this.#now();
    this.#link.current?.tokens.resume();
    this.#lastFailure = null;
  }

  /** Stop polling, let the running cycle finish its page, keep the grant for next start, close. */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#cycle) this.#cycle.signal.stopped = true;
    if (this.#pruneCheck !== null) (this.#options.schedulerClock ?? systemClock).clearTimeout(this.#pruneCheck);
    this.#pruneCheck = null;
    await this.#scheduler.stop();
    // Only once nothing polls: a service started now may begin at once.
    this.#pollerLease?.release();
    await this.#link.close();
    await this.#fulfillment.close();
    this.events.close();
    this.ledger.close();
  }

  async #scheduledCycle(requested: boolean): Promise<CycleOutcome> {
    // Nothing to sync and nothing failed: not an error to back off from or to record every minute.
    if (!this.settings.isConfigured()) {
      this.#configuredAtLastTick = false;
      return { ok: true };
    }
    if (!this.#configuredAtLastTick) {
      // Set up since the last tick, maybe by another process: which secrets it stored, for the status.
      this.#configuredAtLastTick = true;
      await this.refreshSecretPresence();
    }
    try {
      await this.#runCycle(requested);
      return { ok: true };
    } catch (error) {
      // A newer release upgraded the ledger under this one: a retry would fail the same way, and
      // only a person stopping this release ends it.
      if (asAcumaticaError(error).cause instanceof LedgerUpgradedWhileOpenError) {
        this.#log.logger.error('the ledger was upgraded by a newer release; polling stopped');
        this.#endPolling(asAcumaticaError(error).message);
        return { ok: false, retryable: false };
      }
      return { ok: false, retryable: asAcumaticaError(error).retryable };
    } finally {
      this.#followIntervalSetting();
    }
  }

  /**
   * The interval as the ledger holds it now: `config set pollIntervalSeconds` in another process
   * (the CLI beside the service) reaches this one only through the ledger. Read while the cycle is
   * still running, so it only sets the delay the scheduler plans next.
   */
  #followIntervalSetting(): void {
    try {
      this.#scheduler.setInterval(this.settings.get('pollIntervalSeconds') * 1000);
    } catch (error) {
      // A ledger that cannot be read now keeps the interval it had; the cycle reports the ledger.
      this.#log.logger.warn({ err: error }, 'could not read the poll interval');
    }
  }

  async #runCycle(requested: boolean): Promise<CycleReport> {
    if (!this.settings.isConfigured()) throw asAcumaticaError(new Error('Not set up yet: enter the connection details first.'));
    const startedAt = this.#now();
    const grantsBefore = { ...this.#grants };
    let connection: AcumaticaConnection | null = null;
    let requestsBefore = 0;
    const requests = (): number => (connection === null ? 0 : connection.client.stats().total - requestsBefore);
    // Set by stop(): each phase below ends after the page, number or delivery in hand, so a stop
    // (SIGTERM, Quit) is not held for minutes of writeback at the request budget and then killed.
    const signal = { stopped: false };
    this.#cycle = { requested, startedAt, signal };
    this.#statusChanged();
    this.events.cycle({ phase: 'started', requested, at: new Date(startedAt).toISOString() });
    const finished = (report: Pick<CycleReport, 'orders' | 'shipments' | 'requests'>, error: CycleFailure | null) =>
      this.events.cycle({ phase: 'finished', at: new Date(this.#now()).toISOString(), durationMs: this.#now() - startedAt, requests: report.requests, orders: report.orders, shipments: report.shipments, error });
    // Before the settings: a start-over committed in between counts as one after the cycle began.
    const startedOverBefore = recordsStartedOverAt(this.ledger.settings);
    const settings = this.settings.all();
    try {
      // Inside the try: a connection that cannot be built (its CA file deleted or replaced by a
      // non-PEM file since it was set) fails the cycle like any other failure, recorded, with the
      // deliveries and the daily prune still run, rather than skipping them every cycle.
      connection = this.connection();
      this.#adoptCredentialFixFromElsewhere(connection);
      requestsBefore = connection.client.stats().total;
      const guard = companyGuard(this.settings, companyOf(settings), { before: startedOverBefore, now: () => recordsStartedOverAt(this.ledger.settings) }, (from, to) =>
        declaredSameCompany(this.ledger.settings, from, to),
      );
      const counts = await runSyncCycle(connection.entities, this.ledger, { ...this.#scope(), destinations: this.#fulfillment.activeNames(settings) }, this.#now, {
        signal,
        ordersChanged: (keys) => this.events.ordersChanged(this.ledger, keys),
        // Setup moved to another company while this cycle paged (here, or in `connector setup`
        // beside the service): its pages must not land in the ledger started over for the new one.
        beforeStore: () => guard.refusePage(),
      });
      // So must the rows of a tracking file this cycle reads from the inbox meanwhile: the file is
      // set aside. And no number goes out through this cycle's connection once Setup has moved: the
      // writer stops as at a stop, leaving the rest queued for the next cycle, signed in to the new company.
      const trackingSignal = { get stopped() { return signal.stopped || guard.hasMoved(); } };
      const tracking = await this.#fulfillment.postTracking(connection.entities, settings, { signal: trackingSignal, setAsideBecause: () => guard.trackingFileSetAside() });
      const deliveries = await this.#fulfillment.deliver(settings, this.#now(), signal);
      this.#lastSyncAt = this.#now();
      this.#lastFailure = null;
      const report: CycleReport = {
        ...counts,
        tracking: { posted: tracking.posted, failed: tracking.failed },
        deliveries,
        requests: requests(),
        tokenGrants: { password: this.#grants.password - grantsBefore.password, refresh: this.#grants.refresh - grantsBefore.refresh },
        durationMs: this.#now() - startedAt,
      };
      finished(report, null);
      return report;
    } catch (error) {
      // Deliveries need no Acumatica: receivers keep getting what was already imported.
      await this.#fulfillment.deliver(settings, this.#now(), signal).catch((deliveryError: unknown) => this.#log.logger.warn({ err: deliveryError }, 'delivery run failed'));
      const failure = ledgerFailure(error) ?? asAcumaticaError(error);
      const none = { imported: 0, updated: 0 };
      finished({ orders: none, shipments: none, requests: requests() }, { kind: failure.kind, message: failure.message, retryable: failure.retryable });
      const failed = { kind: failure.kind, message: failure.message, retryable: failure.retryable, since: this.#lastFailure?.since ?? this.#now() };
      // Credentials changed while this cycle ran: it failed with the old ones (see failureSinceLastSync).
      if (this.#credentialsChangedAt <= startedAt) this.#lastFailure = failed;
      this.#log.logger.warn({ kind: failure.kind, status: failure.status }, `sync cycle failed: ${failure.message}`);
      try {
        this.ledger.activity.record(cycleFailureEntry(failed, startedAt));
      } catch (recordError) {
        // The ledger that just failed (a full disk) may refuse this too: the status and the log
        // still carry the failure, and it must not be replaced by this second one.
        this.#log.logger.warn({ err: recordError }, 'could not record the failed cycle in the activity log');
      }
      throw failure;
    } finally {
      this.#cycle = null;
      await this.#maybePrune();
      this.#flushActivity();
      this.#statusChanged();
    }
  }

  #scope() {
    const s = this.settings.all();
    return {
      orderTypes: s.orderTypes,
      orderStatuses: s.orderStatuses,
      shipmentStatuses: s.shipmentStatuses,
      firstRunDays: s.firstRunDays,
      pageSize: this.#options.pageSize ?? s.pageSize,
    };
  }

  #onTokenEvent(event: TokenEvent): void {
    if (event.event === 'password-grant') this.#grants.password += 1;
    if (event.event === 'refresh') this.#grants.refresh += 1;
    this.#log.logger[event.level]({ event: event.event }, event.detail ?? event.event);
    const entry = tokenEventActivity(event);
    if (entry) this.#activity(entry.level, entry.kind, entry.message);
  }

  /**
   * A password Acumatica rejected stays rejected across restarts and processes (the service, the
   * app, each CLI command): read from the activity log, not memory, so a PC that restarts nightly
   * does not spend one more failed sign-in per start until the user is locked. Entering the
   * password again (or Setup, or a rotation) ends it, as failureSinceLastSync reads it.
   */
  #passwordRefused(): string | null {
    const standing = failureSinceLastSync(this.ledger.activity, this.#lastSyncAt);
    return standing?.kind === 'credentials-rejected' ? standing.message : null;
  }

  /**
   * The credentials may have been fixed by another process on this data folder: `connector setup`
   * or `rotate-secret` beside the running service writes the vault and records the change in the
   * shared activity log, but this process's token manager still holds its rejection in memory and
   * would refuse every cycle until restarted. A change recorded after the failed cycle began means
   * someone fixed it: sign-in may be tried again, once, with what the vault now holds.
   */
  #adoptCredentialFixFromElsewhere(connection: AcumaticaConnection): void {
    const state = connection.tokens.state.kind;
    if (state !== 'credentials-rejected' && state !== 'secret-rejected') return;
    if (!credentialsChangedSinceFailure(this.ledger.activity, state)) return;
    this.#log.logger.info({ state }, 'credentials were changed by another process; signing in again');
    connection.tokens.resume();
    this.#lastFailure = null;
  }

  /**
   * Sync paused until resumed runs no cycle, and so no prune after one: finished records and old
   * activity stayed past retentionDays for as long as the pause lasted. Checked hourly between
   * cycles; #maybePrune itself keeps it daily. Not once polling ended: a process that took the
   * lease over prunes now, and this one's clock may be why it lost the lease (a jump ahead would
   * set the cutoff past records that are not old); a ledger a newer release upgraded is not ours.
   */
  #armPruneCheck(): void {
    const clock = this.#options.schedulerClock ?? systemClock;
    this.#pruneCheck = clock.setTimeout(() => {
      if (this.#stopping || this.#pollingEnded) return;
      if (this.#cycle === null) {
        void this.#maybePrune()
          .then((pruned) => {
            if (!pruned || this.#stopping) return;
            this.#flushActivity();
            this.#statusChanged();
          })
          // A stop closed the ledger meanwhile: what was pruned has committed; only telling is left.
          .catch((error: unknown) => this.#log.logger.warn({ err: error }, 'could not report the prune'));
      }
      this.#armPruneCheck();
    }, PRUNE_CHECK_MS);
  }

  /**
   * After every cycle, failed or not: an outage of weeks must not keep what retention would have
   * deleted. A last prune "in the future" means the clock was set back since; it counts as due.
   * The ledger, then the tracking inbox's processed/ and rejected/ files, each on its own, both by
   * the clock the ledger says retention may trust (main/store/retention-clock.ts): Acumatica's where
   * this computer's is far ahead of it, none for now where neither can be checked. The activity
   * log says when it was not this computer's.
   */
  async #maybePrune(): Promise<boolean> {
    const sinceLast = this.#now() - this.#lastPruneAt;
    if (sinceLast >= 0 && sinceLast < PRUNE_EVERY_MS) return false;
    this.#lastPruneAt = this.#now();
    const retentionDays = this.settings.get('retentionDays');
    try {
      const result = this.ledger.pruneFinished({ olderThanDays: retentionDays });
      this.#log.logger.info({ ...result }, result.clock.kind === 'unverified' ? 'ledger prune skipped' : 'ledger pruned');
      const note = retentionClockNote(result.clock, retentionDays);
      if (note) this.ledger.activity.record(note);
    } catch (error) {
      // A ledger that refuses the delete (a full disk) keeps what the cycle did; tried again tomorrow.
      this.#log.logger.warn({ err: error }, 'could not prune the ledger');
    }
    try {
      const clock = this.ledger.retentionClock(retentionDays);
      if (clock.kind !== 'unverified') await this.#fulfillment.pruneInbox(this.settings.all(), () => clock.now);
    } catch (error) {
      // An inbox folder that cannot be read (a share offline) keeps its files; tried again tomorrow.
      this.#log.logger.warn({ err: error }, 'could not prune the tracking inbox');
    }
    return true;
  }

  #activity(level: 'info' | 'warn' | 'error', kind: string, message: string): void {
    this.ledger.activity.record({ level, kind, message });
    this.#flushActivity();
  }

  #flushActivity(): void {
    const entries = this.ledger.activity.listAfter(this.#lastActivityId);
    if (entries.length === 0) return;
    this.#lastActivityId = entries.at(-1)!.id;
    this.events.activity(entries);
  }

  /**
   * Keeps the refresh token's issue time of the last connected state: in any other state (a
   * refresh in flight, an identity server that fails) the status falls back to this, and the
   * value read from the vault at start made a service up for two weeks report, during a short
   * outage, a two-week-old token about to lapse.
   */
  #tokenStateChanged(): void {
    const state = this.#link.current?.tokens.state;
    if (state?.kind === 'connected') this.#storedRefreshIssuedAt = state.refreshTokenIssuedAt;
    this.#statusChanged();
  }

  #statusChanged(): void {
    this.events.statusChanged(() => this.status());
  }
}
