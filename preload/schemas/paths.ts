// Paths the admin gives for files and folders on the computer running the connector. They must be
// absolute: the app, the service and the CLI each start in a different working folder, so a
// relative path would name a different place in each.
import { z } from 'zod';

const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

export function isAbsolutePath(path: string): boolean {
  return ABSOLUTE.test(path.trim());
}

/** Linux's PATH_MAX: far past any folder or file an admin types, and a bound to the text taken. */
const PATH_MAX = 4096;

export const AbsolutePath = (what: string) =>
  z
    .string()
    .trim()
    .max(PATH_MAX, `${what} is too long: a path has at most ${PATH_MAX} characters.`)
    .regex(ABSOLUTE, `${what} must be a full path (starting with / , a drive letter like C:\\ , or \\\\server\\share).`);
