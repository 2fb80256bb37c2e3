// Applies an entity schema to records the generic client already parsed loosely; a record that
// does not fit is a bad-response error naming the record's position, never its content.
import type { z } from 'zod';
import { AcumaticaError } from './errors.ts';
import type { FastRead } from './wire-fields.ts';
import { describeIssues } from './wire.ts';

/**
 * `what` names the record in the error: a string, or a function of the record so the hot path
 * (a record that fits) builds no name at all.
 */
export function parseRecord<T extends z.ZodType>(record: unknown, schema: T, what: string | ((record: unknown) => string)): z.output<T> {
  if (hasFastRead(schema)) {
    const read = schema.readFitting(record);
    if (read !== undefined) return read as z.output<T>;
  }
  const parsed = schema.safeParse(record);
  if (!parsed.success) {
    throw new AcumaticaError({
      kind: 'bad-response',
      message: `${typeof what === 'string' ? what : what(record)} does not have the expected shape: ${describeIssues(parsed.error)}.`,
      cause: parsed.error,
    });
  }
  return parsed.data;
}

function hasFastRead(schema: z.ZodType): schema is z.ZodType & FastRead<unknown> {
  return typeof (schema as Partial<FastRead<unknown>>).readFitting === 'function';
}

export function parseRecords<T extends z.ZodType>(records: readonly unknown[], schema: T, entity: string): z.output<T>[] {
  return records.map((record, index) => parseRecord(record, schema, `${entity} record ${index + 1} of ${records.length}`));
}
