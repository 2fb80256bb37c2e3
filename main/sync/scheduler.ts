// When sync cycles run. A setTimeout chain rather than setInterval, so a slow cycle never overlaps
// the next; "Sync now" joins a running cycle instead of starting a second; errors back off
// exponentially up to 15 minutes; a clock jump (the PC woke from sleep) brings the next cycle
// forward and ends a pause whose end passed meanwhile. Every await is followed by a check of
// `stopped`, as GitHub Desktop's fetcher does.

export interface SchedulerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  random(): number;
}

export const systemClock: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
  random: Math.random,
};

export const MIN_INTERVAL_MS = 15_000;
export const MAX_INTERVAL_MS = 24 * 60 * 60_000;
export const MAX_BACKOFF_MS = 15 * 60_000;
/** How often the wake detector looks at the wall clock; a gap well past this means we slept. */
const WAKE_CHECK_MS = 30_000;
const WAKE_GAP_MS = 90_000;

export type CycleOutcome = { ok: true } | { ok: false; retryable: boolean };

export interface SchedulerOptions {
  intervalMs: number;
  runCycle: (reason: CycleReason) => Promise<CycleOutcome>;
  clock?: SchedulerClock;
  /** Told whenever the next planned run changes, for "next sync" in the UI. */
  onPlanned?: (nextRunAt: number | null) => void;
}

export type CycleReason = 'scheduled' | 'requested' | 'wake' | 'resume' | 'start';

export function clampInterval(ms: number): number {
  return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, ms));
}

export class SyncScheduler {
  readonly #clock: SchedulerClock;
  readonly #runCycle: SchedulerOptions['runCycle'];
  readonly #onPlanned: NonNullable<SchedulerOptions['onPlanned']>;
  #intervalMs: number;
  #timer: unknown = null;
  #wakeTimer: unknown = null;
  #lastWakeCheck = 0;
  #running: Promise<CycleOutcome> | null = null;
  #failures = 0;
  #stopped = true;
  #pausedUntil: number | null | undefined = undefined; // undefined: not paused; null: until resumed
  #nextRunAt: number | null = null;

  constructor(options: SchedulerOptions) {
    this.#clock = options.clock ?? systemClock;
    this.#runCycle = options.runCycle;
    this.#onPlanned = options.onPlanned ?? (() => {});
    this.#intervalMs = clampInterval(options.intervalMs);
  }

  get nextRunAt(): number | null {
    return this.#nextRunAt;
  }

  get isRunning(): boolean {
    return this.#running !== null;
  }

  get pausedUntil(): number | null | undefined {
    return this.#pausedUntil;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#lastWakeCheck = this.#clock.now();
    this.#armWakeCheck();
    this.#plan(0, 'start');
  }

  setInterval(ms: number): void {
    this.#intervalMs = clampInterval(ms);
    if (!this.#running && this.#pausedUntil === undefined && !this.#stopped) this.#plan(this.#withJitter(this.#intervalMs), 'scheduled');
  }

  /** Bring the planned cycle forward to now; not while one runs, a pause holds or after stop(). */
  runSoon(): void {
    if (!this.#running && this.#pausedUntil === undefined && !this.#stopped) this.#plan(0, 'start');
  }

  /** Run a cycle now, or join the one already running. Works while paused: the operator asked. */
  async syncNow(): Promise<CycleOutcome> {
    if (this.#stopped) return { ok: false, retryable: false };
    if (this.#running) return this.#running;
    return this.#run('requested');
  }

  pause(minutes: number | null): void {
    this.pauseUntil(minutes === null ? null : this.#clock.now() + minutes * 60_000);
  }

  /** Pause until a wall-clock time, or until resumed (null): how a pause is restored after a restart. */
  pauseUntil(at: number | null): void {
    this.#pausedUntil = at;
    this.#cancelTimer();
    if (at !== null) this.#plan(at - this.#clock.now(), 'resume');
    else this.#setNext(null);
  }

  resume(): void {
    if (this.#pausedUntil === undefined) return;
    this.#pausedUntil = undefined;
    if (!this.#running) this.#plan(0, 'resume');
  }

  /** Stop for good: no new cycle starts; resolves when the running one has finished. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelTimer();
    if (this.#wakeTimer !== null) this.#clock.clearTimeout(this.#wakeTimer);
    this.#wakeTimer = null;
    this.#setNext(null);
    if (this.#running) await this.#running.catch(() => undefined);
  }

  async #run(reason: CycleReason): Promise<CycleOutcome> {
    this.#cancelTimer();
    const cycle = this.#runCycle(reason).catch((): CycleOutcome => ({ ok: false, retryable: true }));
    this.#running = cycle;
    const outcome = await cycle;
    this.#running = null;
    if (this.#stopped) return outcome;
    this.#failures = outcome.ok ? 0 : this.#failures + 1;
    this.#planAfter(outcome);
    return outcome;
  }

  #planAfter(outcome: CycleOutcome): void {
    if (this.#pausedUntil !== undefined) {
      if (this.#pausedUntil !== null) this.#plan(Math.max(0, this.#pausedUntil - this.#clock.now()), 'resume');
      return;
    }
    if (!outcome.ok && !outcome.retryable) {
      // Needs a person (rejected credentials, missing rights): keep checking, but slowly.
      this.#plan(this.#withJitter(MAX_BACKOFF_MS), 'scheduled');
      return;
    }
    // After a transient failure retry soon (15 s, 30 s, 1 min, ...) and back off to 15 minutes.
    const delay = outcome.ok ? this.#intervalMs : Math.min(MAX_BACKOFF_MS, MIN_INTERVAL_MS * 2 ** Math.min(this.#failures - 1, 10));
    this.#plan(this.#withJitter(delay), 'scheduled');
  }

  #plan(delayMs: number, reason: CycleReason): void {
    this.#cancelTimer();
    if (this.#stopped) return;
    const delay = Math.max(0, delayMs);
    this.#setNext(this.#clock.now() + delay);
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      if (this.#stopped || this.#running) return;
      if (reason === 'resume') this.#pausedUntil = undefined;
      if (this.#pausedUntil !== undefined) return;
      void this.#run(reason);
    }, delay);
  }

  #armWakeCheck(): void {
    this.#wakeTimer = this.#clock.setTimeout(() => {
      if (this.#stopped) return;
      const now = this.#clock.now();
      const slept = now - this.#lastWakeCheck > WAKE_GAP_MS;
      this.#lastWakeCheck = now;
      // The pause's own timer stalls while the PC sleeps and ignores a change of the clock, so a
      // pause whose end (a wall-clock time, shown in the UI) passed meanwhile ends here.
      const pauseOver = this.#pausedUntil !== undefined && this.#pausedUntil !== null && now >= this.#pausedUntil;
      if (pauseOver && !this.#running) this.#plan(0, 'resume');
      else if (slept && !this.#running && this.#pausedUntil === undefined) this.#plan(0, 'wake');
      this.#armWakeCheck();
    }, WAKE_CHECK_MS);
  }

  #cancelTimer(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #setNext(at: number | null): void {
    this.#nextRunAt = at;
    this.#onPlanned(at);
  }

  /** ±10 % so that many connectors started together do not poll Acumatica in lockstep. */
  #withJitter(ms: number): number {
    return Math.round(ms * (0.9 + this.#clock.random() * 0.2));
  }
}
