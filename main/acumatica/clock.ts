// Time and randomness are passed in so tests drive them: a fake clock makes "20 calls across an
// expiry" or "a pause longer than the sliding window" a matter of moving a number.

export interface Clock {
  /** Milliseconds since the epoch, like Date.now(). */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock's time. */
  sleep(ms: number): Promise<void>;
}

/** Returns a number in [0, 1), like Math.random(). */
export type Random = () => number;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

export const systemRandom: Random = Math.random;
