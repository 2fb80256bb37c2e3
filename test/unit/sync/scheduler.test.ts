import { describe, expect, it } from 'vitest';
import { MAX_BACKOFF_MS, SyncScheduler, type CycleOutcome, type CycleReason } from '../../../main/sync/scheduler.ts';
import { FakeClock, settle } from '../../support/fake-clock.ts';

function harness(options: { intervalMs?: number; outcomes?: CycleOutcome[]; cycleMs?: number } = {}) {
  const clock = new FakeClock();
  const runs: { reason: CycleReason; at: number }[] = [];
  const outcomes = [...(options.outcomes ?? [])];
  const scheduler = new SyncScheduler({
    intervalMs: options.intervalMs ?? 60_000,
    clock,
    runCycle: async (reason) => {
      runs.push({ reason, at: clock.now() });
      if (options.cycleMs) await new Promise<void>((resolve) => clock.setTimeout(resolve, options.cycleMs!));
      return outcomes.shift() ?? { ok: true };
    },
  });
  return { clock, runs, scheduler };
}

describe('SyncScheduler', () => {
  it('runs at start, then once per interval with at most ±10 % jitter', async () => {
    const { clock, runs, scheduler } = harness();
    clock.randomValue = 1; // the longest jitter: +10 %
    scheduler.start();
    await clock.advance(0);
    expect(runs.map((run) => run.reason)).toEqual(['start']);
    await clock.advance(60_000);
    expect(runs).toHaveLength(1);
    await clock.advance(6_000);
    expect(runs).toHaveLength(2);
    await scheduler.stop();
  });

  it('clamps the interval to 15 s .. 24 h', async () => {
    const { clock, runs, scheduler } = harness({ intervalMs: 1_000 });
    scheduler.start();
    await clock.advance(14_000);
    expect(runs).toHaveLength(1);
    await clock.advance(2_000);
    expect(runs).toHaveLength(2);
    await scheduler.stop();
  });

  it('joins a running cycle when Sync now is pressed instead of starting a second', async () => {
    const { clock, runs, scheduler } = harness({ cycleMs: 5_000 });
    scheduler.start();
    await clock.advance(1_000);
    const first = scheduler.syncNow();
    const second = scheduler.syncNow();
    await clock.advance(5_000);
    await expect(first).resolves.toEqual({ ok: true });
    await expect(second).resolves.toEqual({ ok: true });
    expect(runs).toHaveLength(1);
    await scheduler.stop();
  });

  it('backs off after failures, capped at 15 minutes, and returns to the interval after a success', async () => {
    const failures = Array.from({ length: 9 }, () => ({ ok: false, retryable: true }) as CycleOutcome);
    const { clock, runs, scheduler } = harness({ outcomes: failures });
    scheduler.start();
    await clock.advance(0);
    for (let i = 0; i < 9; i++) await clock.advance(MAX_BACKOFF_MS);
    const gaps = runs.slice(1).map((run, i) => run.at - runs[i]!.at);
    expect(gaps.slice(0, 3)).toEqual([15_000, 30_000, 60_000]);
    expect(Math.max(...gaps)).toBe(MAX_BACKOFF_MS);
    const before = runs.length;
    await clock.advance(60_000);
    expect(runs.length).toBe(before + 1);
    await scheduler.stop();
  });

  it('pauses for an hour and resumes by itself; Sync now still works while paused', async () => {
    const { clock, runs, scheduler } = harness();
    scheduler.start();
    await clock.advance(0);
    scheduler.pause(60);
    await clock.advance(59 * 60_000);
    expect(runs).toHaveLength(1);
    await scheduler.syncNow();
    expect(runs.map((run) => run.reason)).toEqual(['start', 'requested']);
    await clock.advance(60_000);
    expect(runs.at(-1)?.reason).toBe('resume');
    expect(scheduler.pausedUntil).toBeUndefined();
    await scheduler.stop();
  });

  it('pauses until resumed', async () => {
    const { clock, runs, scheduler } = harness();
    scheduler.start();
    await clock.advance(0);
    scheduler.pause(null);
    await clock.advance(24 * 60 * 60_000);
    expect(runs).toHaveLength(1);
    expect(scheduler.nextRunAt).toBeNull();
    scheduler.resume();
    await clock.advance(0);
    expect(runs.map((run) => run.reason)).toEqual(['start', 'resume']);
    await scheduler.stop();
  });

  it('runs promptly after the machine wakes (a wall-clock jump)', async () => {
    const { clock, runs, scheduler } = harness({ intervalMs: 60 * 60_000 });
    scheduler.start();
    await clock.advance(0);
    clock.jump(3 * 60 * 60_000);
    await clock.advance(30_000);
    expect(runs.map((run) => run.reason)).toEqual(['start', 'wake']);
    await scheduler.stop();
  });

  it('resumes on waking when the pause ended while the machine slept', async () => {
    const { clock, runs, scheduler } = harness();
    scheduler.start();
    await clock.advance(0);
    scheduler.pause(60);
    await clock.advance(10 * 60_000);
    clock.jump(8 * 60 * 60_000);
    await clock.advance(30_000);
    expect(runs.map((run) => run.reason)).toEqual(['start', 'resume']);
    expect(scheduler.pausedUntil).toBeUndefined();
    await scheduler.stop();
  });

  it('resumes when the clock is set past the end of a pause', async () => {
    const { clock, runs, scheduler } = harness();
    scheduler.start();
    await clock.advance(0);
    scheduler.pause(60);
    clock.jump(2 * 60 * 60_000);
    await clock.advance(30_000);
    expect(runs.map((run) => run.reason)).toEqual(['start', 'resume']);
    await scheduler.stop();
  });

  it('stop waits for the running cycle and starts no other', async () => {
    const { clock, runs, scheduler } = harness({ cycleMs: 5_000 });
    scheduler.start();
    await clock.advance(0);
    let stopped = false;
    const stopping = scheduler.stop().then(() => {
      stopped = true;
    });
    await settle();
    expect(stopped).toBe(false);
    await clock.advance(5_000);
    await stopping;
    expect(stopped).toBe(true);
    await clock.advance(10 * 60_000);
    expect(runs).toHaveLength(1);
    expect(clock.pendingTimers()).toBe(0);
  });
});
