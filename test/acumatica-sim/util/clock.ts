// The simulator's notion of "now": an injectable base clock plus an offset that tests move
// forward, so token expiry and last-modified stamps can be driven without waiting.

export interface SimClock {
  now(): number;
  /** Moves the simulator's time forward (or back, with a negative value). */
  advance(ms: number): void;
  /** Drops every advance(), back to the base clock. */
  resetOffset(): void;
}

export function createClock(base: () => number): SimClock {
  let offset = 0;
  return {
    now: () => base() + offset,
    advance: (ms) => {
      offset += ms;
    },
    resetOffset: () => {
      offset = 0;
    },
  };
}

/**
 * Renders an instant the way Acumatica does: ISO 8601 with milliseconds and the server's
 * UTC offset, e.g. 2026-11-28T10:15:30.457-05:00. Clients must not assume 'Z'.
 */
export function formatTimestamp(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

/** Dates (order date, requested on) are midnight in the server's zone, no milliseconds. */
export function formatDate(ms: number, offsetMinutes: number): string {
  const day = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 10);
  return `${day}T00:00:00${formatTimestamp(0, offsetMinutes).slice(23)}`;
}
