import { describe, expect, it } from 'vitest';
import { memoryPreferences, type Preferences } from '../../../main/app/preferences.ts';
import { CONNECTION_GRACE_MS } from '../../../main/app/notification-policy.ts';
import { createNotifier, type NotificationLike } from '../../../main/app/notifier.ts';
import type { ConnectorStatus, Screen } from '../../../preload/api.ts';
import { fakeTimers, makeStatus } from './fixtures.ts';

function setup(options: { prefs?: Preferences; quiet?: boolean } = {}) {
  const timers = fakeTimers();
  const prefs = options.prefs ?? memoryPreferences();
  const shown: Array<{ title: string; body: string; fire: (event: string) => void }> = [];
  const opened: Screen[] = [];
  const notifier = createNotifier({
    createNotification: ({ title, body }) => {
      const listeners = new Map<string, () => void>();
      const notification: NotificationLike = {
        on: (event, listener) => listeners.set(event, listener),
        show: () => shown.push({ title, body, fire: (event) => listeners.get(event)?.() }),
      };
      return notification;
    },
    isSupported: () => true,
    isQuiet: () => options.quiet ?? false,
    prefs,
    timers,
    open: (screen) => opened.push(screen),
  });
  return { timers, prefs, shown, opened, notifier, titles: () => shown.map((entry) => entry.title) };
}

const disconnected = makeStatus({ kind: 'disconnected', reason: 'The network is down.', since: '2025-03-10T12:00:00Z' });
const connected = makeStatus({ kind: 'connected' });
const expiring = (daysLeft: number, expiresOn = '2025-03-15'): ConnectorStatus => makeStatus({ kind: 'connected' }, { secret: { expiresOn, daysLeft } });

describe('notifications', () => {
  it('a failure to save (a full drive) is not called a lost connection', () => {
    const { timers, notifier, shown } = setup();
    notifier.update(makeStatus({ kind: 'retrying', reason: 'The connector could not write its ledger: the drive is full.', nextAttemptAt: '2025-03-10T12:10:00Z', storage: true }));
    timers.advance(CONNECTION_GRACE_MS);
    notifier.update(makeStatus({ kind: 'disconnected', reason: 'The connector could not write its ledger: the drive is full.', since: '2025-03-10T12:00:00Z', storage: true }));
    expect(shown.map((notice) => notice.title)).toEqual(['DropStream cannot save what it imports']);
    expect(shown[0]!.body).toMatch(/drive is full\. It keeps retrying; orders are imported once it can save them\.$/);
  });

  it('stays silent through a blip shorter than the grace period', () => {
    const { timers, notifier, shown } = setup();
    notifier.update(disconnected);
    timers.advance(CONNECTION_GRACE_MS - 1000);
    notifier.update(connected);
    timers.advance(CONNECTION_GRACE_MS * 2);
    expect(shown).toEqual([]);
  });

  it('reports a lost connection once the grace period has passed, once per episode', () => {
    const { timers, notifier, titles } = setup();
    notifier.update(disconnected);
    timers.advance(CONNECTION_GRACE_MS);
    notifier.update(makeStatus({ kind: 'retrying', reason: 'Still down.', nextAttemptAt: '2025-03-10T12:10:00Z' }));
    timers.advance(CONNECTION_GRACE_MS);
    expect(titles()).toEqual(['DropStream lost the connection to Acumatica']);
    notifier.update(connected);
    notifier.update(disconnected);
    timers.advance(CONNECTION_GRACE_MS);
    expect(titles()).toHaveLength(2);
  });

  it('counts the grace period across retry cycles, and reports an outage once however long it lasts', () => {
    const { timers, notifier, titles } = setup();
    const retrying = makeStatus({ kind: 'retrying', reason: 'Acumatica did not answer.', nextAttemptAt: '2025-03-10T12:05:00Z' });
    const retryCycle = makeStatus({ kind: 'syncing', requested: false });
    // The scheduler's backoff: 15 s, 30 s, 1, 2, 4, 8 then 15 minutes; each retry is a cycle the
    // engine reports as syncing before it fails again.
    notifier.update(retrying);
    for (const waitMs of [15_000, 30_000, 60_000, 120_000, 240_000, 480_000, 900_000, 900_000, 900_000, 900_000]) {
      timers.advance(waitMs);
      notifier.update(retryCycle);
      timers.advance(1000);
      notifier.update(retrying);
      if (waitMs === 240_000) expect(titles()).toEqual(['DropStream lost the connection to Acumatica']);
    }
    expect(titles()).toEqual(['DropStream lost the connection to Acumatica']);
    notifier.update(connected);
    notifier.update(retrying);
    timers.advance(CONNECTION_GRACE_MS);
    expect(titles()).toHaveLength(2);
  });

  it('restarts the grace period, not a timer of weeks, when the clock is set back during an outage', () => {
    const { timers, notifier, titles } = setup();
    notifier.update(disconnected);
    timers.jump(-40 * 24 * 60 * 60_000); // a clock that was weeks ahead, corrected by time sync
    notifier.update(makeStatus({ kind: 'retrying', reason: 'Still down.', nextAttemptAt: '2025-01-29T12:10:00Z' }));
    // Node fires a delay past 2^31 - 1 ms after 1 ms, again and again: a busy loop.
    expect(timers.longestDelay()).toBeLessThanOrEqual(CONNECTION_GRACE_MS);
    timers.advance(CONNECTION_GRACE_MS);
    expect(titles()).toEqual(['DropStream lost the connection to Acumatica']);
  });

  it('reports rejected credentials and opens setup on click, then releases the notification', () => {
    const { notifier, shown, opened } = setup();
    notifier.update(makeStatus({ kind: 'credentials-rejected', description: 'The password was rejected.' }));
    expect(shown.map((entry) => entry.title)).toEqual(['Acumatica rejected the sign-in']);
    expect(notifier.live).toBe(1);
    shown[0]?.fire('click');
    expect(opened).toEqual(['setup']);
    expect(notifier.live).toBe(0);
  });

  it('keeps each notification referenced until it is closed', () => {
    const { notifier, shown } = setup();
    notifier.update(expiring(5));
    notifier.update(makeStatus({ kind: 'credentials-needed', description: 'Enter the secret again.' }));
    expect(notifier.live).toBe(2);
    shown[0]?.fire('close');
    expect(notifier.live).toBe(1);
  });

  it('warns once when the secret expires soon, again for a new secret, and once when it has expired', () => {
    const { notifier, titles, shown, opened } = setup();
    notifier.update(expiring(20));
    notifier.update(expiring(7));
    notifier.update(expiring(6));
    expect(titles()).toEqual(['The client secret expires in 7 days']);
    shown[0]?.fire('click');
    expect(opened).toEqual(['rotate-secret']);
    notifier.update(expiring(-1));
    notifier.update(makeStatus({ kind: 'secret-rejected', description: 'Rejected.' }, { secret: { expiresOn: '2025-03-15', daysLeft: -1 } }));
    expect(titles()).toEqual(['The client secret expires in 7 days', 'The client secret has expired']);
    notifier.update(expiring(3, '2025-03-13'));
    expect(titles()).toHaveLength(3);
  });

  it('reminds once per threshold (30, 14, 7, 3, 1 days), and one passed while the PC was off comes at the next start', () => {
    const reminderAt = (daysLeft: number, threshold: number): ConnectorStatus =>
      makeStatus({ kind: 'connected' }, { secret: { expiresOn: '2025-03-15', daysLeft, reminder: { threshold, due: true, snoozedUntil: null } } });
    const prefs = memoryPreferences();
    const first = setup({ prefs });
    first.notifier.update(reminderAt(30, 30));
    first.notifier.update(reminderAt(29, 30));
    first.notifier.update(reminderAt(14, 14));
    expect(first.titles()).toEqual(['The client secret expires in 30 days', 'The client secret expires in 14 days']);
    // Off from day 14 to day 6: the 7-day reminder was missed, and comes at the next start.
    const second = setup({ prefs });
    second.notifier.update(reminderAt(6, 7));
    second.notifier.update(reminderAt(5, 7));
    expect(second.titles()).toEqual(['The client secret expires in 6 days']);
  });

  it('does not repeat after a restart', () => {
    const prefs = memoryPreferences();
    const first = setup({ prefs });
    first.notifier.update(expiring(5));
    first.notifier.update(makeStatus({ kind: 'credentials-rejected', description: 'Rejected.' }, { secret: { expiresOn: '2025-03-15', daysLeft: 5 } }));
    expect(first.shown).toHaveLength(2);
    const second = setup({ prefs });
    second.notifier.update(makeStatus({ kind: 'credentials-rejected', description: 'Rejected.' }, { secret: { expiresOn: '2025-03-15', daysLeft: 4 } }));
    expect(second.shown).toEqual([]);
  });

  it('shows nothing when quiet, and does not replay it later', () => {
    const prefs = memoryPreferences();
    const quiet = setup({ prefs, quiet: true });
    quiet.notifier.update(expiring(5));
    expect(quiet.shown).toEqual([]);
    const loud = setup({ prefs });
    loud.notifier.update(expiring(5));
    expect(loud.shown).toEqual([]);
  });

  it('ignores a damaged record of what was shown', () => {
    const { notifier, shown } = setup({ prefs: memoryPreferences({ notificationsDelivered: 'garbage' }) });
    notifier.update(expiring(5));
    expect(shown).toHaveLength(1);
  });
});
