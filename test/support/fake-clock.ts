// A manual clock for scheduling code: time moves only when the test says so.
import type { SchedulerClock } from '../../main/sync/scheduler.ts';

interface Timer {
  at: number;
  callback: () => void;
  id: number;
}

export class FakeClock implements SchedulerClock {
  #now: number;
  #timers: Timer[] = [];
  #nextId = 1;
  randomValue = 0.5;

  constructor(start = Date.parse('2026-11-29T12:00:00Z')) {
    this.#now = start;
  }

  now = (): number => this.#now;
  random = (): number => this.randomValue;

  setTimeout = (callback: () => void, ms: number): unknown => {
    const timer = { at: this.#now + Math.max(0, ms), callback, id: this.#nextId++ };
    this.#timers.push(timer);
    return timer.id;
  };

  clearTimeout = (handle: unknown): void => {
    this.#timers = this.#timers.filter((timer) => timer.id !== handle);
  };

  /** Move time forward, firing due timers in order and letting promises settle between them. */
  async advance(ms: number): Promise<void> {
    const target = this.#now + ms;
    for (;;) {
      const due = this.#timers.filter((timer) => timer.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      this.#now = Math.max(this.#now, due.at);
      due.callback();
      await settle();
    }
    this.#now = target;
    await settle();
  }

  /**
   * Jump the wall clock without firing anything: what a laptop lid (or a change of the clock) does.
   * Node's timers run on a monotonic clock that neither counts the sleep nor follows the change, so
   * a pending timer still waits out the rest of its delay after the jump.
   */
  jump(ms: number): void {
    this.#now += ms;
    for (const timer of this.#timers) timer.at += ms;
  }

  pendingTimers(): number {
    return this.#timers.length;
  }
}

export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
