// HTTP dates (RFC 9110 §5.6.7) mean GMT in all three forms, whatever this PC's time zone.
import { afterEach, describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../main/delivery/retry-after.ts';
import { parseHttpDate } from '../../../main/net/http-date.ts';

const zoneBefore = process.env['TZ'];
afterEach(() => {
  if (zoneBefore === undefined) delete process.env['TZ'];
  else process.env['TZ'] = zoneBefore;
});

const AT = Date.UTC(2026, 2, 8, 8, 30, 0);

describe.each(['UTC', 'Pacific/Kiritimati', 'America/Chicago'])('on a PC in %s', (zone) => {
  it('reads each form as GMT', () => {
    process.env['TZ'] = zone;
    expect(parseHttpDate('Sun, 08 Mar 2026 08:30:00 GMT')).toBe(AT);
    expect(parseHttpDate('Sunday, 08-Mar-26 08:30:00 GMT', AT)).toBe(AT);
    expect(parseHttpDate('Sun Mar  8 08:30:00 2026')).toBe(AT);
    expect(parseHttpDate('Sun, 08 Mar 2026 10:30:00 +0200')).toBe(AT);
  });

  it('waits as long as an asctime Retry-After says', () => {
    process.env['TZ'] = zone;
    expect(parseRetryAfter('Sun Mar  8 08:35:00 2026', AT)).toBe(5 * 60_000);
  });
});

it('refuses a date with no zone, or one that does not exist', () => {
  expect(parseHttpDate('Sun, 08 Mar 2026 08:30:00')).toBeNull();
  expect(parseHttpDate('Tue, 31 Feb 2026 08:30:00 GMT')).toBeNull();
  expect(parseHttpDate('yesterday')).toBeNull();
  expect(parseHttpDate('')).toBeNull();
});
