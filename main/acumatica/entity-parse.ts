// Applies an entity schema to records the generic client already parsed loosely; a record that
// does not fit is a bad-response error naming the record's position, never its content.
import type { z } from 'zod';
import { AcumaticaError } from './errors.ts';
import { describeIssues } from './wire.ts';

export function parseRecord<T extends z.ZodType>(record: unknown, schema: T, what: string): z.output<T> {
  const parsed = schema.safeParse(record);
  if (!parsed.success) {
    throw new AcumaticaError({
      kind: 'bad-response',
      message: `${what} does not have the expected shape: ${describeIssues(parsed.error)}.`,
      cause: parsed.error,
    });
  }
  return parsed.data;
}

export function parseRecords<T extends z.ZodType>(records: readonly unknown[], schema: T, entity: string): z.output<T>[] {
  return records.map((record, index) => parseRecord(record, schema, `${entity} record ${index + 1} of ${records.length}`));
}
