import { describe, expect, it } from 'vitest';
import { pollAction } from '../../../main/acumatica/action-poller.ts';
import { AcumaticaError } from '../../../main/acumatica/errors.ts';
import { DEFAULT_REQUESTS_PER_MINUTE, RequestBudget } from '../../../main/acumatica/request-budget.ts';
import { backoffDelay, withRetry } from '../../../main/acumatica/retry.ts';
import { fakeClock } from './support/fake-clock.ts';

describe('RequestBudget', () => {
  it('lets the configured number through per minute, then waits for the oldest to age out', async () => {
    const clock = fakeClock(0);
    const budget = new RequestBudget({ clock, requestsPerMinute: 3 });
    for (let i = 0; i < 3; i += 1) {
      await budget.acquire();
      clock.advance(1_000);
    }
    expect(clock.now()).toBe(3_000);
    await budget.acquire();
    // The first request went out at 0, so the fourth waits until 60 s.
    expect(clock.now()).toBe(60_000);
    expect(budget.stats()).toEqual({ total: 4, lastMinute: 3, limitPerMinute: 3 });
  });

  it('serves waiters in order and reports every counted request', async () => {
    const clock = fakeClock(0);
    const budget = new RequestBudget({ clock, requestsPerMinute: 2 });
    const seen: number[] = [];
    budget.onChange((stats) => seen.push(stats.total));
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4, 5].map((n) => budget.acquire().then(() => order.push(n))));
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(clock.now()).toBe(120_000);
  });

  it('waits at most a minute for a slot when the clock was set back', async () => {
    const clock = fakeClock(Date.UTC(2026, 11, 1));
    const budget = new RequestBudget({ clock, requestsPerMinute: 3 });
    for (let i = 0; i < 3; i += 1) await budget.acquire();
    clock.advance(-3 * 24 * 60 * 60_000); // time sync corrects a clock that was days ahead
    await budget.acquire();
    // The three still count (the budget holds), for a minute rather than for three days.
    expect(clock.sleeps).toEqual([60_000]);
  });

  it('has a conservative default and refuses nonsense', () => {
    expect(DEFAULT_REQUESTS_PER_MINUTE).toBeLessThanOrEqual(60);
    expect(() => new RequestBudget({ clock: fakeClock(), requestsPerMinute: 0 })).toThrow(RangeError);
  });
});

describe('backoff and retry', () => {
  it('grows exponentially, is capped, and always waits at least half the ceiling', () => {
    const policy = { baseMs: 1_000, capMs: 10_000 };
    expect(backoffDelay(1, policy, () => 0)).toBe(500);
    expect(backoffDelay(1, policy, () => 0.999999)).toBe(1_000);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(3_000);
    expect(backoffDelay(10, policy, () => 0.999999)).toBe(10_000);
    expect(backoffDelay(1_000, policy, () => 0)).toBe(5_000);
  });

  it('retries retryable errors up to the attempt limit, sleeping with jitter', async () => {
    const clock = fakeClock(0);
    let calls = 0;
    const failure = new AcumaticaError({ kind: 'server', message: 'HTTP 503' });
    await expect(
      withRetry(
        async () => {
          calls += 1;
          throw failure;
        },
        { maxAttempts: 4, backoff: { baseMs: 100, capMs: 1_000 }, clock, random: () => 0.5 },
      ),
    ).rejects.toBe(failure);
    expect(calls).toBe(4);
    expect(clock.sleeps).toEqual([75, 150, 300]);
  });

  it('does not retry what is not retryable, and returns the first success', async () => {
    const clock = fakeClock(0);
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls += 1;
          throw new AcumaticaError({ kind: 'forbidden', message: 'no' });
        },
        { maxAttempts: 4, backoff: { baseMs: 100, capMs: 1_000 }, clock, random: () => 0 },
      ),
    ).rejects.toMatchObject({ kind: 'forbidden' });
    expect(calls).toBe(1);
    const value = await withRetry(
      async (attempt) => {
        if (attempt < 3) throw new AcumaticaError({ kind: 'network', message: 'reset' });
        return attempt;
      },
      { maxAttempts: 5, backoff: { baseMs: 100, capMs: 1_000 }, clock, random: () => 0 },
    );
    expect(value).toBe(3);
  });
});

describe('pollAction', () => {
  it('polls until done with growing intervals', async () => {
    const clock = fakeClock(0);
    const answers: ('running' | 'done')[] = ['running', 'running', 'done'];
    const polls = await pollAction(new URL('https://h/x'), async () => answers.shift() ?? 'done', clock, { intervalMs: 100, maxIntervalMs: 300, ceilingMs: 10_000 }, 'Shipment/ConfirmShipment');
    expect(polls).toBe(3);
    expect(clock.sleeps).toEqual([100, 200, 300]);
  });

  it('gives up at the ceiling with a non-retryable timeout', async () => {
    const clock = fakeClock(0);
    let polls = 0;
    await expect(
      pollAction(new URL('https://h/x'), async () => {
        polls += 1;
        return 'running';
      }, clock, { intervalMs: 1_000, maxIntervalMs: 4_000, ceilingMs: 10_000 }, 'Shipment/ConfirmShipment'),
    ).rejects.toMatchObject({ kind: 'timeout', retryable: false });
    expect(clock.now()).toBe(10_000);
    expect(polls).toBe(4);
  });
});
