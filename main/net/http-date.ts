// An HTTP date (the `Date` and `Retry-After` headers) as an instant. RFC 9110 §5.6.7 has three
// forms, all in GMT, and a recipient must accept each. `Date.parse` reads the obsolete asctime form
// ("Sun Nov  6 08:49:37 1994", no zone written) in this computer's time zone: 14 hours early on a
// PC in Kiritimati, 6 hours late in Chicago. So the three forms are read here, always as GMT.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH = `(${MONTHS.join('|')})`;
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
/** IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT". */
const IMF_FIXDATE = new RegExp(`^[A-Z][a-z]{2}, (\\d{2}) ${MONTH} (\\d{4}) ${TIME} GMT$`);
/** RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT". */
const RFC_850 = new RegExp(`^[A-Z][a-z]+, (\\d{2})-${MONTH}-(\\d{2}) ${TIME} GMT$`);
/** asctime: "Sun Nov  6 08:49:37 1994". */
const ASCTIME = new RegExp(`^[A-Z][a-z]{2} ${MONTH} ([ \\d]\\d) ${TIME} (\\d{4})$`);
/** Another form that names its zone or offset, which `Date.parse` reads whatever the PC's zone. */
const EXPLICIT_ZONE = /(?:GMT|UTC|Z|[+-]\d{2}:?\d{2})$/;

/** Epoch ms, or null when the text is not a date in GMT (or another explicit zone). */
export function parseHttpDate(text: string, now: number = Date.now()): number | null {
  const value = text.trim();
  let m = IMF_FIXDATE.exec(value);
  if (m) return utc(Number(m[3]), m[2]!, Number(m[1]), m.slice(4));
  m = RFC_850.exec(value);
  if (m) return utc(fullYear(Number(m[3]), now), m[2]!, Number(m[1]), m.slice(4));
  m = ASCTIME.exec(value);
  if (m) return utc(Number(m[6]), m[1]!, Number(m[2]!.trim()), m.slice(3, 6));
  if (!EXPLICIT_ZONE.test(value)) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : at;
}

function utc(year: number, monthName: string, day: number, [hh, mm, ss]: string[]): number | null {
  const month = MONTHS.indexOf(monthName);
  const at = Date.UTC(year, month, day, Number(hh), Number(mm), Number(ss));
  const back = new Date(at);
  // 31 Feb or 25:00 would roll over into another instant: not a date the sender meant.
  if (back.getUTCDate() !== day || back.getUTCHours() !== Number(hh) || back.getUTCMinutes() !== Number(mm) || back.getUTCSeconds() !== Number(ss)) return null;
  return at;
}

/** A two-digit year more than 50 years ahead is the latest past year ending in those digits (RFC 9110). */
function fullYear(twoDigits: number, now: number): number {
  const thisYear = new Date(now).getUTCFullYear();
  const year = Math.floor(thisYear / 100) * 100 + twoDigits;
  return year > thisYear + 50 ? year - 100 : year;
}
