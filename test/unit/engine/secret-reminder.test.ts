import { describe, expect, it } from 'vitest';
import { secretExpiry } from '../../../main/engine/status.ts';

const at = (iso: string) => Date.parse(iso);

describe('secret expiry reminders', () => {
  it('reaches each threshold (30, 14, 7, 3, 1 days, then expired) as the date approaches', () => {
    const expiresOn = '2027-01-31';
    const threshold = (today: string) => secretExpiry({ secretExpiresOn: expiresOn, secretReminderSnoozedUntil: null, now: at(`${today}T12:00:00Z`) }).reminder?.threshold ?? null;
    expect(threshold('2026-12-01')).toBeNull(); // 61 days
    expect(threshold('2027-01-01')).toBe(30);
    expect(threshold('2027-01-17')).toBe(14);
    expect(threshold('2027-01-24')).toBe(7);
    expect(threshold('2027-01-28')).toBe(3);
    expect(threshold('2027-01-30')).toBe(1);
    expect(threshold('2027-01-31')).toBe(0);
    expect(threshold('2027-02-05')).toBe(0);
    expect(secretExpiry({ secretExpiresOn: expiresOn, secretReminderSnoozedUntil: null, now: at('2027-02-05T00:00:00Z') }).daysLeft).toBe(-5);
  });

  it('"Remind me tomorrow" hides the reminder until the snooze ends, and a secret without expiry never reminds', () => {
    const snoozedUntil = '2027-01-25T09:00:00.000Z';
    const during = secretExpiry({ secretExpiresOn: '2027-01-31', secretReminderSnoozedUntil: snoozedUntil, now: at('2027-01-24T18:00:00Z') });
    expect(during.reminder).toEqual({ threshold: 7, due: false, snoozedUntil });
    const after = secretExpiry({ secretExpiresOn: '2027-01-31', secretReminderSnoozedUntil: snoozedUntil, now: at('2027-01-25T10:00:00Z') });
    expect(after.reminder).toEqual({ threshold: 7, due: true, snoozedUntil: null });
    expect(secretExpiry({ secretExpiresOn: null, secretReminderSnoozedUntil: null, now: at('2027-01-25T10:00:00Z') }).reminder).toBeNull();
  });
});

describe('refresh-token health', () => {
  it('warns past 80 % of the sliding window without a refresh', async () => {
    const { refreshTokenHealth } = await import('../../../main/engine/status.ts');
    const day = 86_400_000;
    const now = Date.parse('2027-01-20T00:00:00Z');
    expect(refreshTokenHealth({ now, slidingWindowDays: 15 }, null, now - 11 * day)).toMatchObject({ ageDays: 11, warning: false });
    expect(refreshTokenHealth({ now, slidingWindowDays: 15 }, null, now - 12 * day)).toMatchObject({ ageDays: 12, warning: true });
    expect(refreshTokenHealth({ now, slidingWindowDays: 15 }, null, null)).toMatchObject({ ageDays: null, warning: false });
  });
});
