// Acumatica actions answer 204 (done) or 202 with a server-relative `Location` to poll until it
// answers 204. The poll has a ceiling: an action that never finishes must not hold the sync loop.
import type { Clock } from './clock.ts';
import { AcumaticaError } from './errors.ts';

export interface PollPolicy {
  /** First wait between polls; doubles up to maxIntervalMs. */
  intervalMs: number;
  maxIntervalMs: number;
  /** Give up after this long, ms. */
  ceilingMs: number;
}

export const DEFAULT_POLL: PollPolicy = { intervalMs: 1_000, maxIntervalMs: 10_000, ceilingMs: 5 * 60_000 };

/** One poll: 'running' for 202, 'done' for 204/200; anything else throws. */
export type PollOnce = (url: URL) => Promise<'running' | 'done'>;

export async function pollAction(url: URL, pollOnce: PollOnce, clock: Clock, policy: PollPolicy, what: string): Promise<number> {
  const started = clock.now();
  let interval = policy.intervalMs;
  let polls = 0;
  for (;;) {
    const elapsed = clock.now() - started;
    if (elapsed >= policy.ceilingMs) {
      throw new AcumaticaError({
        kind: 'timeout',
        retryable: false,
        message: `${what} was still running after ${Math.round(policy.ceilingMs / 1000)} s; it may finish later in Acumatica.`,
      });
    }
    await clock.sleep(Math.min(interval, policy.ceilingMs - elapsed));
    interval = Math.min(interval * 2, policy.maxIntervalMs);
    polls += 1;
    if ((await pollOnce(url)) === 'done') return polls;
  }
}
