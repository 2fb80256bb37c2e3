// The tracking inbox's archive: processInbox moves every file it has handled into processed/ or
// rejected/ beside its report, named `<stamp>_<name>`, for the admin to look back at. They are kept
// for retentionDays, as the ledger keeps finished records, and the same daily retention prunes
// them, so a share that receives files every day does not fill up over the years.
import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { makeDirectory } from '../files/make-directory.ts';

const ARCHIVE_FOLDERS = ['processed', 'rejected'] as const;
export type ArchiveFolder = (typeof ARCHIVE_FOLDERS)[number];

const DAY_MS = 24 * 60 * 60 * 1000;
const STAMP = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z_/;

/** '20261128T150000Z': when a file was handled, by our clock, to the second. */
export function archiveStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** When the file named `<archiveStamp>_...` was handled; null for a name without the stamp. */
export function handledAt(name: string): number | null {
  const m = STAMP.exec(name);
  if (m === null) return null;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * processed/ or rejected/, made when missing. Whoever may write in the inbox may also put a link
 * at either name, and every report, moved file and rejected row would then land in the folder it
 * points to, anywhere this account may write. Such a name stops the pass instead, naming it.
 */
export async function archiveFolder(inboxDir: string, folder: ArchiveFolder): Promise<string> {
  const path = join(inboxDir, folder);
  makeDirectory(path);
  if (!(await lstat(path)).isDirectory()) {
    throw new Error(`${path} is not a folder of its own (a link or a file); move it away so processed files stay in the inbox`);
  }
  return path;
}

/**
 * Removes the files directly in `<inboxDir>/processed` and `<inboxDir>/rejected` older than
 * `olderThanDays`; returns how many went from each. Nothing else is touched: not the inbox
 * itself, not a folder inside these two, not a link there nor what it points to.
 * A file's age is the later of its modification time and the stamp in its name: a moved file keeps
 * the time its writer last changed it, which for a file that waited in an unreadable inbox is long
 * before it was handled. A file that cannot be removed (held open on Windows) waits for the next day.
 */
export async function pruneInboxArchive(inboxDir: string, options: { olderThanDays: number; now: () => number }): Promise<Record<ArchiveFolder, number>> {
  const cutoff = options.now() - options.olderThanDays * DAY_MS;
  const removed: Record<ArchiveFolder, number> = { processed: 0, rejected: 0 };
  for (const folder of ARCHIVE_FOLDERS) {
    const dir = join(inboxDir, folder);
    // Whoever may drop files in the inbox may also put a link at processed/ or rejected/; pruning
    // through it would delete old files wherever it points. Such a folder is left alone (the inbox
    // pass stops on it and says so in the activity log).
    const identity = await ownFolder(dir);
    if (identity === null) continue;
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(dir, entry.name);
      const info = await lstat(path).catch(() => null); // gone meanwhile
      if (info === null || !info.isFile() || Math.max(info.mtimeMs, handledAt(entry.name) ?? -Infinity) >= cutoff) continue;
      // Checked again before each removal, so a folder swapped for a link during the pass loses
      // nothing outside the inbox but in the instant between check and removal (Node has no
      // unlinkat to close that).
      if (!sameFolder(await ownFolder(dir), identity)) break;
      if (await rm(path).then(() => true, () => false)) removed[folder] += 1;
    }
  }
  return removed;
}

/** The folder's identity, or null when it is missing or not a folder of its own (a link, a file). */
async function ownFolder(dir: string): Promise<{ dev: number; ino: number } | null> {
  try {
    const info = await lstat(dir);
    return info.isDirectory() ? { dev: info.dev, ino: info.ino } : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null; // nothing handled yet
    throw error;
  }
}

function sameFolder(a: { dev: number; ino: number } | null, b: { dev: number; ino: number }): boolean {
  return a !== null && a.dev === b.dev && a.ino === b.ino;
}
