// Expires On dates for tests that enter a secret. A secret's Expires On may not have passed when it
// is entered, so a fixed date in a test would start failing the day after it: these move with the
// calendar.

/** `month-day` of the year `years` after this one, as YYYY-MM-DD. */
export function yearsAhead(years: number, monthDay = '01-31'): string {
  return `${new Date().getUTCFullYear() + years}-${monthDay}`;
}
