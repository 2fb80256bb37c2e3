// What a cursor row holds for one partition of one entity (e.g. SalesOrder of type SO).
// `since` is where the next pass starts. While a pass pages, `pass` records how far it got, so a
// process killed mid-pass resumes after the last stored key instead of starting over.
import { z } from 'zod';

export const CursorState = z.object({
  since: z.string(),
  pass: z
    .object({
      /** Server time when this pass began, less the overlap: the next `since` once it completes. */
      nextSince: z.string(),
      /** The last stored record's key fields, in key order. */
      afterKey: z.array(z.string()).nullable(),
    })
    .nullable(),
});
export type CursorState = z.infer<typeof CursorState>;

export class CursorStateError extends Error {
  constructor(name: string, detail: string) {
    super(`The stored sync position for ${name} is unreadable (${detail}); re-import from a date with "sync --since".`);
    this.name = 'CursorStateError';
  }
}

export function parseCursorState(name: string, value: string): CursorState {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new CursorStateError(name, 'not JSON');
  }
  const parsed = CursorState.safeParse(json);
  if (!parsed.success) throw new CursorStateError(name, parsed.error.issues[0]?.message ?? 'bad shape');
  return parsed.data;
}
