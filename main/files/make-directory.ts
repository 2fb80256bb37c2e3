// `mkdir -p` that cannot hang. Node's recursive mkdir reads ENOENT as "the parent is missing", makes
// the parent (EEXIST: fine) and tries again, forever, on a file system that answers ENOENT for a
// child of an existing folder: procfs does for any new name under /proc. A data folder typed as
// /proc/... then froze the whole process at 100 % CPU. Walking down from the
// deepest existing folder, one mkdir per missing level, turns that into an error naming the path.
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export function makeDirectory(path: string, mode = 0o777): void {
  const missing: string[] = [];
  let current = path;
  while (!exists(current)) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir, { mode });
    } catch (error) {
      // Made meanwhile by another process (the app and the CLI starting at once): fine.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
