// A clock for tests: time moves only when a test (or a sleep) moves it. sleep() advances the clock
// by the requested time and resolves at once, so backoff and polling run instantly but the clock
// still shows how long the code would have waited.
import type { Clock } from '../../../../main/acumatica/clock.ts';

export interface FakeClock extends Clock {
  advance(ms: number): void;
  set(ms: number): void;
  /** Every sleep requested, in order. */
  readonly sleeps: number[];
}

export function fakeClock(start = Date.UTC(2026, 10, 28, 15, 0, 0)): FakeClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += Math.max(0, ms);
    },
    advance: (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
    sleeps,
  };
}
