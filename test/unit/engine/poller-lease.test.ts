// The poller lease over a real ledger file, opened twice as two processes would open it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HEARTBEAT_MS, holdPollerLease, livePoller, PollerBusyError, STALE_AFTER_MS, type LeaseEnvironment } from '../../../main/engine/poller-lease.ts';
import { openLedger, type Ledger, type PollerLease } from '../../../main/store/index.ts';

let dir: string;
const ledgers: Ledger[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-lease-'));
});
afterEach(() => {
  for (const ledger of ledgers.splice(0)) ledger.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A process's view: its own connection to the ledger file, its pid, a clock and a heartbeat timer it can fire. */
function processView(pid: number, clock: { now: number }, alive: Set<number>) {
  const ledger = openLedger({ path: join(dir, 'ledger.sqlite'), now: () => clock.now });
  ledgers.push(ledger);
  let beat: (() => void) | null = null;
  const env: LeaseEnvironment = {
    now: () => clock.now,
    pid,
    processExists: (candidate) => alive.has(candidate),
    timers: {
      setInterval(run, ms) {
        expect(ms).toBe(HEARTBEAT_MS);
        beat = run;
        return 'heartbeat';
      },
      clearInterval: () => (beat = null),
    },
  };
  const lost: (PollerLease | null)[] = [];
  return {
    ledger,
    env,
    lost,
    hold: (kind: 'service' | 'desktop') => holdPollerLease(ledger.pollerLease, kind, env, (takenBy) => lost.push(takenBy)),
    heartbeat: () => beat?.(),
    beating: () => beat !== null,
  };
}

describe('the poller lease', () => {
  it('refuses a second poller while the first renews, naming it', () => {
    const clock = { now: Date.parse('2026-12-01T08:00:00Z') };
    const alive = new Set([101, 202]);
    const service = processView(101, clock, alive);
    const app = processView(202, clock, alive);
    service.hold('service').setPort(5123);

    clock.now += STALE_AFTER_MS - 1_000;
    service.heartbeat();
    clock.now += STALE_AFTER_MS - 1_000;
    expect(() => app.hold('desktop')).toThrow(PollerBusyError);
    expect(() => app.hold('desktop')).toThrow('The service ("connector run", process 101, port 5123, since 2026-12-01T08:00:00.000Z) is already syncing this data folder.');
    expect(livePoller(app.ledger.pollerLease, app.env)).toMatchObject({ kind: 'service', pid: 101, port: 5123 });
    expect(service.lost).toEqual([]);
  });

  it('takes over a lease whose process is gone, or whose heartbeat stopped, and the old holder learns it lost', () => {
    const clock = { now: Date.parse('2026-12-01T08:00:00Z') };
    const alive = new Set([101, 202, 303]);
    const first = processView(101, clock, alive);
    first.hold('service');

    // A power cut: the row stays, the process does not.
    alive.delete(101);
    const second = processView(202, clock, alive);
    const secondLease = second.hold('desktop');
    expect(livePoller(second.ledger.pollerLease, second.env)).toMatchObject({ kind: 'desktop', pid: 202 });

    // A holder frozen past STALE_AFTER_MS (its pid still exists) is replaced too...
    clock.now += STALE_AFTER_MS;
    const third = processView(303, clock, alive);
    third.hold('service');
    expect(() => second.hold('desktop')).toThrow('The service ("connector run", process 303, since');
    // ...and its next heartbeat finds the lease gone: it stops renewing and says who has it.
    second.heartbeat();
    expect(second.lost).toEqual([expect.objectContaining({ kind: 'service', pid: 303 })]);
    expect(second.beating()).toBe(false);
    // Its orderly stop afterwards leaves the new holder's lease alone.
    secondLease.release();
    expect(livePoller(third.ledger.pollerLease, third.env)).toMatchObject({ pid: 303 });
  });

  it('does not let a clock set back keep a stale lease "fresh", nor a reused process id keep it held', () => {
    const clock = { now: Date.parse('2026-12-01T08:00:00Z') };
    // Process ids are "reused" throughout: every id exists, so only the heartbeat can tell.
    const alive = { has: () => true } as unknown as Set<number>;
    processView(101, clock, alive).hold('service');
    // The holder died and the clock was then set back 3 hours: its heartbeat lies in the future.
    clock.now -= 3 * 60 * 60_000;
    const after = processView(202, clock, alive);
    after.hold('service');
    expect(livePoller(after.ledger.pollerLease, after.env)).toMatchObject({ pid: 202 });

    // Nothing renews 202's lease (it died too); its id now belongs to another program.
    clock.now += STALE_AFTER_MS;
    expect(livePoller(after.ledger.pollerLease, after.env)).toBeNull();
  });

  it('releases on an orderly stop, so the next poller starts at once', () => {
    const clock = { now: Date.parse('2026-12-01T08:00:00Z') };
    const alive = new Set([101, 202]);
    const service = processView(101, clock, alive);
    const lease = service.hold('service');
    lease.release();
    lease.release();
    expect(service.beating()).toBe(false);
    expect(service.ledger.pollerLease.current()).toBeNull();
    expect(() => processView(202, clock, alive).hold('service')).not.toThrow();
  });

  it('keeps the lease through a heartbeat the busy ledger could not write', () => {
    const clock = { now: Date.parse('2026-12-01T08:00:00Z') };
    const alive = new Set([101]);
    const service = processView(101, clock, alive);
    service.hold('service');
    const renew = service.ledger.pollerLease.renew.bind(service.ledger.pollerLease);
    service.ledger.pollerLease.renew = () => {
      throw Object.assign(new Error('database is locked'), { code: 'ERR_SQLITE_ERROR' });
    };
    service.heartbeat();
    expect(service.lost).toEqual([]);
    expect(service.beating()).toBe(true);
    service.ledger.pollerLease.renew = renew;
    clock.now += HEARTBEAT_MS * 2;
    service.heartbeat();
    expect(service.ledger.pollerLease.current()?.heartbeatAt).toBe(clock.now);
  });
});
