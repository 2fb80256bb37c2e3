// Live events (orders imported, activity lines) arrive in bursts: a first sync can import
// thousands of orders in seconds. The window gets them in arrays, at most `maxPerSecond`
// messages a second, so a burst costs the renderer a few re-renders instead of thousands.
import type { Timers } from './timers.ts';

export interface BatcherOptions<T> {
  flush(items: T[]): void;
  timers: Timers;
  maxPerSecond?: number;
}

export interface Batcher<T> {
  /** Queue a batch from the engine for the next message; batches merge until then. */
  push(items: readonly T[]): void;
  /** Drop anything pending and stop the timer (window closed, app quitting). */
  dispose(): void;
}

export function createBatcher<T>(options: BatcherOptions<T>): Batcher<T> {
  const interval = 1000 / (options.maxPerSecond ?? 10);
  const { timers } = options;
  let pending: T[] = [];
  let timer: unknown = null;
  let lastFlushAt = Number.NEGATIVE_INFINITY;

  function flush(): void {
    timer = null;
    if (pending.length === 0) return;
    const items = pending;
    pending = [];
    lastFlushAt = timers.now();
    options.flush(items);
  }

  return {
    push(items) {
      if (items.length === 0) return;
      // A loop, not push(...items): spreading a very large batch would overflow the call stack.
      for (const item of items) pending.push(item);
      if (timer !== null) return;
      // Even when a message is allowed now, wait for the end of the current tick so a
      // synchronous burst leaves as one array.
      const wait = Math.max(0, lastFlushAt + interval - timers.now());
      timer = timers.setTimeout(flush, wait);
    },
    dispose() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      pending = [];
    },
  };
}
