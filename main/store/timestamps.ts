import { instantMs } from '../acumatica/wire-fields.ts';

/** An Acumatica timestamp that is not a parsable ISO 8601 date-time. */
export class InvalidTimestampError extends Error {
  constructor(field: string, value: string) {
    super(`${field} is not an ISO 8601 date-time: ${JSON.stringify(value)}`);
    this.name = 'InvalidTimestampError';
  }
}

/**
 * The instant an Acumatica timestamp names, as UTC epoch milliseconds. Acumatica sends offsets
 * other than Z (`-05:00`), so two strings can differ and still be the same instant: sort and
 * compare on this value, store the original string alongside it.
 */
export function toEpochMs(value: string, field = 'timestamp'): number {
  const ms = instantMs(value);
  if (Number.isNaN(ms)) throw new InvalidTimestampError(field, value);
  return ms;
}
