import type { z } from 'zod';

// Control, format and separator characters (a tab, a line break, a zero-width space pasted from a
// web page or a spreadsheet) inside a typed value. They look like nothing on screen, so the value
// looks right and yet never matches what Acumatica holds: a status "On<tab>Hold" filtered out every
// order on hold, a Box ID with a zero-width space was refused by Acumatica at every writeback.
export const UNPRINTABLE = /[\p{C}\p{Zl}\p{Zp}]/u;

/** `schema`, refusing text that is not one line of printable characters, named as `what`. */
export const oneLine = (schema: z.ZodString, what: string) => schema.refine((value) => !UNPRINTABLE.test(value), `${what} must be one line of printable text.`);
