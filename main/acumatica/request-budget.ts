// A self-imposed ceiling on requests per minute. Acumatica licences cap requests per minute for the
// whole instance and start slowing every client down past half the quota, so the connector keeps
// well below it and leaves room for the other integrations on a small licence.
// Also the single place where requests are counted, for the `requests` figure and the UI.
import type { Clock } from './clock.ts';

export const DEFAULT_REQUESTS_PER_MINUTE = 30;
const WINDOW_MS = 60_000;

export interface RequestStats {
  /** Requests sent since this budget was created. */
  total: number;
  /** Requests sent in the last 60 seconds. */
  lastMinute: number;
  limitPerMinute: number;
}

export class RequestBudget {
  readonly limitPerMinute: number;
  #clock: Clock;
  #sent: number[] = [];
  #total = 0;
  #queue: Promise<void> = Promise.resolve();
  #listeners = new Set<(stats: RequestStats) => void>();

  constructor(options: { clock: Clock; requestsPerMinute?: number }) {
    const limit = options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError('requestsPerMinute must be a positive integer');
    this.limitPerMinute = limit;
    this.#clock = options.clock;
  }

  /** Waits until a request may be sent within the budget, then counts it. FIFO. */
  acquire(): Promise<void> {
    const turn = this.#queue.then(() => this.#waitForSlot());
    // The queue must survive a failed turn (a sleep that rejects), so chain on settlement.
    this.#queue = turn.catch(() => undefined);
    return turn;
  }

  stats(): RequestStats {
    this.#prune(this.#clock.now());
    return { total: this.#total, lastMinute: this.#sent.length, limitPerMinute: this.limitPerMinute };
  }

  onChange(listener: (stats: RequestStats) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async #waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.#clock.now();
      this.#prune(now);
      const oldest = this.#sent[0];
      if (this.#sent.length < this.limitPerMinute || oldest === undefined) {
        this.#sent.push(now);
        this.#total += 1;
        const stats = { total: this.#total, lastMinute: this.#sent.length, limitPerMinute: this.limitPerMinute };
        for (const listener of this.#listeners) listener(stats);
        return;
      }
      await this.#clock.sleep(oldest + WINDOW_MS - now);
    }
  }

  #prune(now: number): void {
    // A request counted "after now" went out before the clock was set back: it counts as sent
    // now, so it ages out within a minute, not once the calendar catches up (a cycle waiting days).
    for (let i = this.#sent.length - 1; i >= 0 && (this.#sent[i] ?? now) > now; i -= 1) this.#sent[i] = now;
    while (this.#sent.length > 0 && (this.#sent[0] ?? now) <= now - WINDOW_MS) this.#sent.shift();
  }
}
