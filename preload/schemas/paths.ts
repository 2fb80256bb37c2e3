// Paths the admin gives for files and folders on the computer running the connector. They must be
// absolute: the app, the service and the CLI each start in a different working folder, so a
// relative path would name a different place in each.
import { z } from 'zod';

const ABSOLUTE = /^(\/|[A-Za-z]:[\\/]|\\\\)/;

export function isAbsolutePath(path: string): boolean {
  return ABSOLUTE.test(path.trim());
}

export const AbsolutePath = (what: string) => z.string().trim().regex(ABSOLUTE, `${what} must be a full path (starting with / , a drive letter like C:\\ , or \\\\server\\share).`);
