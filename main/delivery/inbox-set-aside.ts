// Tracking files moved to rejected/ with nothing queued from them, because they were written for an
// Acumatica company the connector has left: read afterwards, each number would go to the new
// company's shipment or order of the same number. Two moments: Setup sets aside every file waiting
// in the inbox when it moves (setAsideInbox), and a cycle still reading the old company sets aside
// a file it read when the move committed before its rows were queued (tracking-inbox.ts).
// Either way the file keeps its name after the stamp and has its report beside it, as a rejected
// file does, so the operator finds it where files not used go and can put it back.
import { readdir, rename, rm } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { archiveFolder, archiveStamp } from './inbox-archive.ts';
import { writeFileAtomic } from './folder-destination.ts';
import type { FileReport } from './tracking-inbox.ts';

/** What setAsideInbox did: the files moved to rejected/, and those it could not move, with why. */
export interface SetAsideResult {
  moved: string[];
  failed: { file: string; reason: string }[];
}

export type SetAsideFile = { kind: 'moved'; report: FileReport } | { kind: 'gone' } | { kind: 'failed'; reason: string };

/**
 * Moves every tracking file waiting in `dir` to rejected/ unread, each with a report giving
 * `reason`. For Setup's move to another Acumatica company. A missing folder holds nothing; a
 * folder that cannot be listed throws.
 */
export async function setAsideInbox(dir: string, reason: string, options: { now?: () => number } = {}): Promise<SetAsideResult> {
  const now = options.now ?? Date.now;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { moved: [], failed: [] };
    throw error;
  }
  const result: SetAsideResult = { moved: [], failed: [] };
  const names = entries.filter((e) => e.isFile() && !e.name.startsWith('.') && extname(e.name).toLowerCase() === '.csv').map((e) => e.name).sort();
  for (const name of names) {
    const moved = await setAsideFile(dir, name, `${archiveStamp(now())}_${name}`, reason);
    if (moved.kind === 'moved') result.moved.push(name);
    if (moved.kind === 'failed') result.failed.push({ file: name, reason: moved.reason });
  }
  return result;
}

/** Moves `name` to rejected/`target` with a report giving `reason`; `gone` when another program took it first. */
export async function setAsideFile(dir: string, name: string, target: string, reason: string): Promise<SetAsideFile> {
  const folder = await archiveFolder(dir, 'rejected');
  const report: FileReport = { file: name, outcome: 'rejected', reason, queued: 0, duplicates: 0, rejected: 0, movedTo: `rejected/${target}` };
  // The report first, as for a file read: a file that has moved always has its report beside it.
  await writeFileAtomic(folder, `${target}.result.json`, `${JSON.stringify({ ...report, rows: [] }, null, 2)}\n`);
  try {
    await rename(join(dir, name), join(folder, target));
    return { kind: 'moved', report };
  } catch (error) {
    await rm(join(folder, `${target}.result.json`), { force: true });
    // Taken by another program since the listing: nothing left to set aside.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' };
    return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}
