// `sync --once --since` dates are days on this computer's calendar, which can be a day ahead of
// UTC's (Kiritimati is UTC+14): "today" there must not be refused as a date in the future.
import { afterEach, expect, it } from 'vitest';
import { localDate } from '../../../main/engine/local-date.ts';

const zoneBefore = process.env['TZ'];
afterEach(() => {
  if (zoneBefore === undefined) delete process.env['TZ'];
  else process.env['TZ'] = zoneBefore;
});

it.each([
  ['Pacific/Kiritimati', '2026-03-08'],
  ['Australia/Lord_Howe', '2026-03-08'],
  ['UTC', '2026-03-07'],
  ['America/Chicago', '2026-03-07'],
])('at 20:00 UTC on 7 March, today in %s is %s', (zone, today) => {
  process.env['TZ'] = zone;
  expect(localDate(Date.UTC(2026, 2, 7, 20, 0))).toBe(today);
});
