import { describe, expect, it } from 'vitest';
import { CALENDAR_CHECK_MS, calendarStatusFeed } from '../../../main/app/calendar-status-feed.ts';
import { createNotifier } from '../../../main/app/notifier.ts';
import { memoryPreferences } from '../../../main/app/preferences.ts';
import { connectTray } from '../../../main/app/tray-controller.ts';
import { secretExpiry } from '../../../main/engine/status.ts';
import type { ConnectorStatus } from '../../../preload/api.ts';
import { fakeTimers, makeStatus, type FakeTimers } from './fixtures.ts';

const HOUR = 60 * 60_000;

/** An engine paused until resumed: it derives a status when asked and never emits one. */
function pausedEngine(timers: FakeTimers, secret: { expiresOn: string | null; snoozedUntil?: string }) {
  let reads = 0;
  const listeners = new Set<(status: ConnectorStatus) => void>();
  const engine = {
    getStatus() {
      reads++;
      const expiry = secretExpiry({ secretExpiresOn: secret.expiresOn, secretReminderSnoozedUntil: secret.snoozedUntil ?? null, now: timers.now() });
      return makeStatus({ kind: 'paused', until: null }, { secret: expiry });
    },
    onStatus(listener: (status: ConnectorStatus) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  return { engine, reads: () => reads, listeners };
}

describe('statuses the calendar calls for', () => {
  it('reminds a paused connector when the UTC day reaches a reminder threshold, once, and updates the tray', () => {
    // 2025-03-10T12:00Z: 4 days left (the 7-day reminder); the 3-day one is due at midnight UTC.
    const timers = fakeTimers();
    const { engine } = pausedEngine(timers, { expiresOn: '2025-03-14' });
    const feed = calendarStatusFeed(engine, timers);
    const shown: string[] = [];
    const notifier = createNotifier({
      createNotification: ({ title }) => ({ on: () => undefined, show: () => void shown.push(title) }),
      isSupported: () => true,
      isQuiet: () => false,
      prefs: memoryPreferences(),
      timers,
      open: () => undefined,
    });
    notifier.update(engine.getStatus());
    feed.onStatus((status) => notifier.update(status));
    const tray = connectTray({ engine: { getStatus: engine.getStatus, onStatus: feed.onStatus }, render: () => undefined, startAtLogin: () => ({ enabled: false, available: true }), timers });
    expect(shown).toEqual(['The client secret expires in 4 days']);

    timers.advance(11 * HOUR);
    expect(shown).toHaveLength(1);
    timers.advance(2 * HOUR);
    expect(shown).toEqual(['The client secret expires in 4 days', 'The client secret expires in 3 days']);
    expect(tray.current()?.tooltip).toContain('Client secret expires in 3 days');

    timers.advance(20 * HOUR);
    expect(shown).toHaveLength(2);
    // Expiry day, then expired: each shown the day it comes, while still paused.
    timers.advance(4 * 24 * HOUR);
    expect(shown.slice(2)).toEqual(['The client secret expires in 1 day', 'The client secret expires today', 'The client secret has expired']);
    expect(tray.current()?.tooltip).toContain('Client secret expired');
  });

  it('brings a snoozed reminder back when the snooze ends', () => {
    const timers = fakeTimers();
    const { engine } = pausedEngine(timers, { expiresOn: '2025-03-14', snoozedUntil: '2025-03-10T18:00:00Z' });
    const feed = calendarStatusFeed(engine, timers);
    const seen: ConnectorStatus[] = [];
    feed.onStatus((status) => seen.push(status));
    timers.advance(5 * HOUR);
    // In a zone whose midnight falls in these hours, a fresh status is read then: still snoozed.
    expect(seen.map((status) => status.secret.reminder?.due)).not.toContain(true);
    const before = seen.length;
    timers.advance(HOUR + CALENDAR_CHECK_MS);
    expect(seen.slice(before).map((status) => status.secret.reminder?.due)).toEqual([true]);
  });

  it('notices a day that went by while the PC slept, without waiting for a timer set before', () => {
    const timers = fakeTimers();
    let slept = 0;
    const wallClock = { ...timers, now: () => timers.now() + slept };
    const { engine } = pausedEngine(timers, { expiresOn: '2025-03-14' });
    const feed = calendarStatusFeed(engine, wallClock);
    const seen: ConnectorStatus[] = [];
    feed.onStatus((status) => seen.push(status));
    slept = 24 * HOUR;
    timers.advance(CALENDAR_CHECK_MS);
    expect(seen).toHaveLength(1);
  });

  it('reads a fresh status at this PC’s midnight, so a paused tray does not show yesterday’s "today" counts', () => {
    // Built in the local zone, so the test holds in any TZ: 23:58 local, then past midnight.
    const timers = fakeTimers(new Date(2025, 2, 10, 23, 58).getTime());
    let importedToday = 42;
    const engine = {
      getStatus: () => makeStatus({ kind: 'paused', until: null }, { counts: { ...makeStatus({ kind: 'connected' }).counts, importedToday } }),
      onStatus: () => () => undefined,
    };
    const feed = calendarStatusFeed(engine, timers);
    const seen: number[] = [];
    feed.onStatus((status) => seen.push(status.counts.importedToday));
    timers.advance(CALENDAR_CHECK_MS);
    expect(seen).toEqual([]);
    importedToday = 0;
    timers.advance(2 * CALENDAR_CHECK_MS);
    expect(seen).toEqual([0]);
    timers.advance(10 * CALENDAR_CHECK_MS);
    expect(seen).toEqual([0]);
  });

  it('passes the engine’s statuses on, reads once a local day while no expiry is set, and stops its clock on dispose', () => {
    const timers = fakeTimers();
    const { engine, reads, listeners } = pausedEngine(timers, { expiresOn: null });
    const feed = calendarStatusFeed(engine, timers);
    const seen: ConnectorStatus[] = [];
    feed.onStatus((status) => seen.push(status));
    const emitted = makeStatus({ kind: 'connected' });
    for (const listener of listeners) listener(emitted);
    expect(seen).toEqual([emitted]);
    const before = reads();
    timers.advance(3 * 24 * HOUR);
    expect(reads() - before).toBe(3);
    feed.dispose();
    expect(timers.pending()).toBe(0);
    expect(listeners.size).toBe(0);
  });
});
