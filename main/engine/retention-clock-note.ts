// What the activity log says when the daily retention did not count by this computer's clock
// (main/store/retention-clock.ts): the operator sees why finished records stay longer than
// retentionDays, and which clock to set right.
import type { ActivityInput, RetentionClock } from '../store/index.ts';

const DAY_MS = 24 * 60 * 60_000;

export function retentionClockNote(clock: RetentionClock, retentionDays: number): ActivityInput | null {
  switch (clock.kind) {
    case 'this-computer':
      return null;
    case 'acumatica':
      return {
        level: 'warn',
        kind: 'retention.clock-ahead',
        message:
          `This computer's clock is ${days(clock.aheadMs)} ahead of Acumatica's (its Date header at the last sync). ` +
          `Retention counts the ${retentionDays} days from Acumatica's time instead, so nothing is deleted early. ` +
          "Set this computer's clock right (Windows: Settings, Time, Sync now).",
        details: { aheadMs: clock.aheadMs, acumaticaNow: new Date(clock.now).toISOString() },
      };
    case 'unverified':
      return {
        level: 'warn',
        kind: 'retention.skipped',
        message:
          `Retention did not run: Acumatica last answered ${days(clock.sinceAnswerMs)} ago by this computer's clock, longer than the ${retentionDays} days kept. ` +
          "Either this computer's clock was set ahead since, or the connector has not reached Acumatica (paused, or an outage) for that long: " +
          'deleting by this clock could remove finished records that are not old. It runs again after a sync reaches Acumatica.',
        details: { sinceAnswerMs: clock.sinceAnswerMs },
      };
  }
}

function days(ms: number): string {
  const count = Math.round(ms / DAY_MS);
  return count === 1 ? '1 day' : `${count} days`;
}
