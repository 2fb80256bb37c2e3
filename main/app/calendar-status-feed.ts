// The engine's statuses, plus the ones the calendar calls for. The secret's days left, its
// reminder threshold and the end of a "Remind me tomorrow" change with the date, not with anything
// the engine does, and the engine only derives a status when something happens: paused until
// resumed (or polling once a day) it says nothing for days, and the tray kept "expires in 3 days"
// past the expiry while no reminder came. So when a secret expiry is set, this feed reads a fresh
// status as the UTC day turns (days are counted in UTC, as Acumatica's Expires On is) and as a
// snooze ends. The "today" counts (orders imported today, errors today, whose orange icon says
// "look at me") roll at this PC's midnight, so a fresh status is read then too: paused, the tray
// showed yesterday's figures all day. It looks at the wall clock every minute rather than sleeping
// until midnight: a timer stalls while the PC sleeps and does not follow a change of the clock.
import type { ConnectorStatus } from '../../preload/api.ts';
import { localDate } from '../engine/local-date.ts';
import type { ShellEngine } from './shell-engine.ts';
import type { Timers } from './timers.ts';

export const CALENDAR_CHECK_MS = 60_000;

export interface StatusFeed {
  onStatus(listener: (status: ConnectorStatus) => void): () => void;
  /** Stop the clock and the subscription (the app is quitting). */
  dispose(): void;
}

const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function calendarStatusFeed(engine: Pick<ShellEngine, 'getStatus' | 'onStatus'>, timers: Timers, checkMs = CALENDAR_CHECK_MS): StatusFeed {
  const listeners = new Set<(status: ConnectorStatus) => void>();
  let latest = { status: engine.getStatus(), day: utcDay(timers.now()), localDay: localDate(timers.now()) };
  let timer: unknown = null;

  function publish(status: ConnectorStatus): void {
    latest = { status, day: utcDay(timers.now()), localDay: localDate(timers.now()) };
    for (const listener of listeners) listener(status);
  }

  function outdated(): boolean {
    const now = timers.now();
    if (localDate(now) !== latest.localDay) return true;
    const { secret } = latest.status;
    if (secret.expiresOn === null) return false;
    if (utcDay(now) !== latest.day) return true;
    const snoozedUntil = secret.reminder?.snoozedUntil;
    return snoozedUntil !== null && snoozedUntil !== undefined && Date.parse(snoozedUntil) <= now;
  }

  function check(): void {
    timer = timers.setTimeout(check, checkMs);
    if (outdated()) publish(engine.getStatus());
  }

  const unsubscribe = engine.onStatus(publish);
  timer = timers.setTimeout(check, checkMs);
  return {
    onStatus(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    dispose() {
      unsubscribe();
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
      listeners.clear();
    },
  };
}
