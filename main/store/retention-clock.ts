// Which clock the daily retention may count its days by. Its cutoff is "now less retentionDays",
// and this computer's clock can be wrong by years (a wrong year typed, a clock reset at boot): set
// ahead, it would delete every finished order and all activity at once. Acumatica's clock, the
// Date header each sync pass reads (ServerClockRepository), is the reference:
//
// 1. When Acumatica last answered, this computer's clock was more than a day ahead of its Date:
//    count from Acumatica's time instead, which is that Date plus the time passed since by this
//    computer's clock (both steady, only their offset wrong). Retention keeps working on a PC
//    that syncs fine with a wrong clock, and deletes nothing early.
// 2. Acumatica last answered longer ago than the retention period, by this computer's clock:
//    skip. Every finished record would be due, and a clock set ahead since that answer cannot be
//    told from a pause or an outage that long (no other clock survives a restart). What waits is
//    only what was written since the last answer (activity, mostly): everything older was due,
//    and pruned, while the days went by. The first answer lets it run again.
//
// Records written while the clock is ahead carry its time, so they stay that much longer: bounded,
// and the activity log says why. A day of tolerance: time zones and daylight saving do not move
// epoch time, so a day ahead is a clock set wrong, and a day early costs little. Without a reading
// (never synced, or the last answer had no Date header) this computer's clock is all there is.
const DAY_MS = 24 * 60 * 60_000;
const CLOCK_AHEAD_TOLERANCE_MS = DAY_MS;

/** Acumatica's Date header as epoch ms, and this computer's clock when that answer came. */
export interface ServerClockReading {
  serverAt: number;
  localAt: number;
}

export type RetentionClock =
  /** This computer's clock agreed with Acumatica's (or there is nothing to compare it with). */
  | { kind: 'this-computer'; now: number }
  /** This computer's clock was `aheadMs` ahead of Acumatica's; `now` is Acumatica's time. */
  | { kind: 'acumatica'; now: number; aheadMs: number }
  /** No answer from Acumatica for `sinceAnswerMs`, longer than the retention period: do not prune. */
  | { kind: 'unverified'; sinceAnswerMs: number };

export function retentionClock(localNow: number, reading: ServerClockReading | null, olderThanDays: number): RetentionClock {
  if (reading === null) return { kind: 'this-computer', now: localNow };
  const sinceAnswerMs = localNow - reading.localAt;
  if (sinceAnswerMs > olderThanDays * DAY_MS) return { kind: 'unverified', sinceAnswerMs };
  const aheadMs = reading.localAt - reading.serverAt;
  if (aheadMs > CLOCK_AHEAD_TOLERANCE_MS) return { kind: 'acumatica', now: localNow - aheadMs, aheadMs };
  return { kind: 'this-computer', now: localNow };
}
