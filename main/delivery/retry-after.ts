// A receiver's Retry-After (RFC 9110 §10.2.3): seconds, or an HTTP date. A receiver that says
// when it can take more (a 429 past its rate limit, a 503 during maintenance) is asked again
// then, not sooner: hammering it spends the job's attempts and can get the sender blocked.
import { parseHttpDate } from '../net/http-date.ts';

/** Milliseconds to wait, or undefined when the header is absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, now: number): number | undefined {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = parseHttpDate(value, now);
  return at === null ? undefined : Math.max(0, at - now);
}
