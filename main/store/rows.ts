import { z } from 'zod';

/** A row read back from the ledger did not have the shape this release expects. */
export class LedgerRowError extends Error {
  constructor(what: string, issues: string) {
    super(`Unexpected ${what} row in the ledger: ${issues}`);
    this.name = 'LedgerRowError';
  }
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const jsonValueSchema: z.ZodType<JsonValue> = z.json();

/** Parses JSON text stored by the ledger (settings values, activity details). */
export function parseStoredJson(text: string, what: string): JsonValue {
  return parseRow(jsonValueSchema, parseJsonColumn(text, what), what);
}

/** JSON.parse for a ledger column, whose failure names the column instead of a bare SyntaxError. */
export function parseJsonColumn(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new LedgerRowError(what, error instanceof Error ? error.message : String(error));
  }
}

export function parseRow<Schema extends z.ZodType>(schema: Schema, row: unknown, what: string): z.output<Schema> {
  const result = schema.safeParse(row);
  if (!result.success) throw new LedgerRowError(what, z.prettifyError(result.error));
  return result.data;
}

export function parseRows<Schema extends z.ZodType>(
  schema: Schema,
  rows: readonly unknown[],
  what: string,
): z.output<Schema>[] {
  return rows.map((row) => parseRow(schema, row, what));
}

/** Column helpers: node:sqlite hands back INTEGER and REAL as number, TEXT as string. */
export const text = z.string();
export const nullableText = z.string().nullable();
export const integer = z.number().int();
export const nullableNumber = z.number().nullable();

/** Escapes a user's search text for `LIKE ? ESCAPE '\'` so % and _ match literally. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
