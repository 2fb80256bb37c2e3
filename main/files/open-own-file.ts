// Opening a name in a folder others may write in (the tracking inbox) without following a link
// put there. O_NOFOLLOW does that on Linux and macOS, but Node on Windows has no such flag
// (fs.constants lacks it), and there open() follows a symbolic link like any path. So on every
// platform the name must be a regular file by lstat before the open, and the handle must be that
// very file after it (same device and file ID): a link swapped in between opens another one,
// which is closed unused.
import { constants } from 'node:fs';
import { lstat, open, type FileHandle } from 'node:fs/promises';

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/**
 * `path` opened with `flags` when it is a regular file of its own; null when it is missing (and
 * not to be created) or anything else: a link, a pipe, a folder. With `create`, a missing name is
 * made exclusively, so a link put there meanwhile fails the open (EEXIST) instead of being followed.
 */
export async function openOwnFile(path: string, flags: number, options: { create?: boolean; mode?: number } = {}): Promise<FileHandle | null> {
  let before;
  try {
    before = await lstat(path, { bigint: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    if (!options.create) return null;
    return open(path, flags | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW, options.mode);
  }
  if (!before.isFile()) return null;
  const handle = await open(path, flags | NO_FOLLOW);
  try {
    const after = await handle.stat({ bigint: true });
    if (after.isFile() && after.dev === before.dev && after.ino === before.ino) return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
  await handle.close();
  return null;
}
