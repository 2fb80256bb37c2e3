import type { z } from 'zod';

// Control, format and separator characters (a tab, a line break, a zero-width space pasted from a
// web page or a spreadsheet) and spaces other than the plain one (a no-break space) inside a typed
// value. They look like nothing, or like a space, on screen, so the value looks right and yet never
// matches what Acumatica holds: a status "On<tab>Hold" filtered out every order on hold, a Box ID
// with a zero-width space was refused by Acumatica at every writeback.
export const UNPRINTABLE = /[\p{C}\p{Zl}\p{Zp}]|(?! )\p{Zs}/u;
const EVERY_UNPRINTABLE = new RegExp(UNPRINTABLE.source, 'gu');
const MESSAGE_VALUE_LIMIT = 40;

/** `text` with every invisible character shown as \uXXXX, fit for a message or a terminal. */
export function showInvisible(text: string): string {
  return text.replace(EVERY_UNPRINTABLE, (character) => `\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** A value as an error message may show it: quoted, cut to 40 characters, invisible characters shown. */
export function quoteForMessage(value: string): string {
  // One more character than is shown tells whether to cut; a character is at most two code units.
  // (Splitting the whole value took 60 ms a megabyte.)
  const characters = [...value.slice(0, (MESSAGE_VALUE_LIMIT + 1) * 2)];
  const shown = characters.length > MESSAGE_VALUE_LIMIT ? `${characters.slice(0, MESSAGE_VALUE_LIMIT).join('')}…` : value;
  return showInvisible(JSON.stringify(shown));
}

/** Member names as an error message may list them: the first three, quoted as values are. */
export function quoteKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 3).map(quoteForMessage).join(', ');
  return keys.length > 3 ? `${shown} and ${keys.length - 3} more` : shown;
}

/** `schema`, refusing text that is not one line of printable characters; the message names `what` and shows the value. */
export const oneLine = (schema: z.ZodString, what: string) =>
  schema.refine((value) => !UNPRINTABLE.test(value), { error: (issue) => `${what} ${quoteForMessage(String(issue.input))} must be one line of printable text.` });
