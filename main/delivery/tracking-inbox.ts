// The watched inbox: carrier or shipping software drops CSV files of tracking numbers into a
// folder; each pass queues their rows for writeback and moves every file out of the way:
//   processed/<stamp>_<name> + .result.json   at least one row was queued (or already known)
//   rejected/<stamp>_<name>  + .result.json   nothing in the file was usable
//   rejected/<stamp>_<stem>.rejected-rows.csv the bad rows of a mixed file with a Reason column,
//                                             to fix and drop back into the inbox
//   rejected/<stamp>_<name>  + .result.json   set aside, nothing queued: read by a cycle of an
//                                             Acumatica company Setup left meanwhile (setAsideBecause)
// A file is only read once it has not changed for `settleMs`: a program still writing it must not
// have half a file read (a cut-off last row would post a wrong tracking number). "Not changed for"
// is measured on the folder's own clock, not ours: a file's modification time comes from the
// machine that holds it, and a network share's clock may be minutes behind, which made a file
// still being written look long finished. Re-reading a file after a crash is harmless: the queue holds each
// (target, number) once, so its rows come back as duplicates.
// processed/ and rejected/ are pruned by the daily retention (inbox-archive.ts).
import { constants } from 'node:fs';
import { lstat, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { openOwnFile } from '../files/open-own-file.ts';
import type { Ledger, TrackingTarget } from '../store/index.ts';
import { archiveFolder, archiveStamp } from './inbox-archive.ts';
import { setAsideFile } from './inbox-set-aside.ts';
import { csvLines } from './export-csv.ts';
import { writeFileAtomic } from './folder-destination.ts';
import { parseTrackingCsv, TRACKING_CSV_OPTIONS, trackingCsvBytes, type TrackingRowResult } from './tracking-csv.ts';

export interface InboxLedger {
  tracking: Pick<Ledger['tracking'], 'enqueue'>;
  activity: Pick<Ledger['activity'], 'record'>;
  transaction: Ledger['transaction'];
}

export interface InboxOptions {
  now?: () => number;
  /** A file modified more recently than this (by the folder's clock) is left for the next pass. */
  settleMs?: number;
  maxBytes?: number;
  /**
   * Asked inside the transaction that would queue a file's rows: a reason returned sets the file
   * aside to rejected/ with nothing queued (the cycle reading it was for an Acumatica company
   * Setup has since left). Inside, so that a save starting the ledger over commits either before
   * the answer (the file is set aside) or after the rows (they are cleared with the rest).
   */
  setAsideBecause?: () => string | null;
}

export type RowReport =
  | { row: number; status: 'queued' | 'duplicate'; trackingNbr: string; target: TrackingTarget; trackingId: number }
  | { row: number; status: 'rejected'; reason: string };

export interface FileReport {
  file: string;
  outcome: 'processed' | 'rejected' | 'skipped';
  reason?: string;
  queued: number;
  duplicates: number;
  rejected: number;
  movedTo?: string;
}

const DEFAULT_SETTLE_MS = 2_000;
const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
/** Written in the inbox to read the folder's clock; hidden files are never read as tracking files. */
const FOLDER_CLOCK_FILE = '.dropstream-clock';

/** Reads every settled CSV file in `dir` once. Returns one report per file seen. */
export async function processInbox(dir: string, ledger: InboxLedger, options: InboxOptions = {}): Promise<FileReport[]> {
  const now = options.now ?? Date.now;
  const entries = await readdir(dir, { withFileTypes: true });
  const reports: FileReport[] = [];
  const names = entries.filter((e) => e.isFile() && !e.name.startsWith('.') && extname(e.name).toLowerCase() === '.csv').map((e) => e.name).sort();
  if (names.length === 0) return reports;
  const folderNow = await folderClock(dir, now);
  for (const name of names) {
    const read = await readSettledFile(join(dir, name), folderNow, { settleMs: options.settleMs ?? DEFAULT_SETTLE_MS, maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES });
    if (read.kind === 'gone') continue;
    if (read.kind === 'unsettled') {
      reports.push({ file: name, outcome: 'skipped', reason: 'still being written', queued: 0, duplicates: 0, rejected: 0 });
      continue;
    }
    reports.push(await processFile(dir, name, read, ledger, { now, setAsideBecause: options.setAsideBecause }));
  }
  return reports;
}

type FileRead = { kind: 'gone' } | { kind: 'unsettled' } | { kind: 'read'; content: Buffer } | { kind: 'unreadable'; reason: string };

/**
 * A listed file, judged and read through one handle. The listing skips links and pipes, but whoever
 * may write in the inbox can rename a listed file away and put one at its name before it is read:
 * a link had the connector read a file elsewhere that only its account may read (and queue its
 * numbers, or copy its rows to rejected/), a pipe held the sync cycle forever. The handle follows
 * no link and waits on no pipe, and only a regular file is read, no further than the size limit.
 */
async function readSettledFile(path: string, folderNow: number, limits: { settleMs: number; maxBytes: number }): Promise<FileRead> {
  let handle: FileHandle | null;
  try {
    // Null: taken by another program since the listing, or a link or pipe put at its name.
    handle = await openOwnFile(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    // Taken or replaced between the checks (ENOENT, ELOOP where O_NOFOLLOW exists).
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ELOOP') return { kind: 'gone' };
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  }
  if (handle === null) return { kind: 'gone' };
  try {
    const info = await handle.stat();
    if (folderNow - info.mtimeMs < limits.settleMs) return { kind: 'unsettled' };
    const tooLarge: FileRead = { kind: 'unreadable', reason: `The file is larger than ${Math.round(limits.maxBytes / 1024 / 1024)} MB.` };
    if (info.size > limits.maxBytes) return tooLarge;
    const content = await readAtMost(handle, limits.maxBytes + 1);
    return content.length > limits.maxBytes ? tooLarge : { kind: 'read', content };
  } catch (error) {
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    // Closed before the file is moved: Windows cannot rename a file that is open.
    await handle.close();
  }
}

async function readAtMost(handle: FileHandle, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const { bytesRead, buffer } = await handle.read({ buffer: Buffer.alloc(Math.min(1024 * 1024, limit - total)) });
    if (bytesRead === 0) break;
    chunks.push(buffer.subarray(0, bytesRead));
    total += bytesRead;
  }
  return Buffer.concat(chunks);
}

/**
 * The time by the clock of the machine holding `dir`: the modification time it stamps on a file
 * we write now. Files the writer changes carry the same clock, so comparing the two is immune to
 * any difference between that machine's clock and ours.
 */
async function folderClock(dir: string, now: () => number): Promise<number> {
  const probe = join(dir, FOLDER_CLOCK_FILE);
  try {
    // Whoever drops files in the inbox can also put something at the probe's name. A link there
    // made every pass overwrite the file it points to (the vault key, anything this account may
    // write), and a named pipe made the open wait for a reader forever, holding the sync cycle.
    // So the probe is never followed, never waited on, and written only when it is a plain file.
    const handle = await openOwnFile(probe, constants.O_WRONLY | (constants.O_NONBLOCK ?? 0), { create: true, mode: 0o666 });
    if (handle === null) return now();
    try {
      // Some bytes: a write always stamps the time, an empty truncate may not.
      await handle.truncate(0);
      await handle.write('DropStream Connector reads this folder\'s clock from this file.\n', 0);
    } finally {
      await handle.close();
    }
    // After the close, as a share reports it to everyone; lstat, so a link put here since reads nothing else.
    return (await lstat(probe)).mtimeMs;
  } catch {
    // A folder we may read but not write into, or a probe another account left read-only: our own
    // clock, as before there was a probe. Failing here would read no file at all, and blame a file
    // the operator never made; a move out of a read-only inbox still reports itself.
    return now();
  }
}

async function processFile(
  dir: string,
  name: string,
  read: Extract<FileRead, { kind: 'read' | 'unreadable' }>,
  ledger: InboxLedger,
  options: Pick<InboxOptions, 'setAsideBecause'> & { now: () => number },
): Promise<FileReport> {
  const target = `${archiveStamp(options.now())}_${name}`;
  let content: Buffer;
  let results: TrackingRowResult[];
  try {
    if (read.kind === 'unreadable') throw new Error(read.reason);
    content = read.content;
    results = parseTrackingCsv(content);
    if (results.length === 0) throw new Error('The file has no rows below its header.');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return finish(dir, name, target, ledger, 'rejected', [], reason);
  }

  // One transaction: a crash leaves either all of the file's rows queued or none.
  const queued = ledger.transaction((): { rows: RowReport[] } | { setAside: string } => {
    const setAside = options.setAsideBecause?.() ?? null;
    if (setAside !== null) return { setAside };
    return {
      rows: results.map((result): RowReport => {
        if (!result.ok) return { row: result.row, status: 'rejected', reason: result.reason };
        const { queued, id } = ledger.tracking.enqueue(result.input);
        return { row: result.row, status: queued ? 'queued' : 'duplicate', trackingNbr: result.input.trackingNbr.trim(), target: result.input.target, trackingId: id };
      }),
    };
  });
  if ('setAside' in queued) return setAsideRead(dir, name, target, ledger, queued.setAside);
  const { rows } = queued;
  const bad = rows.filter((r) => r.status === 'rejected');
  if (bad.length === rows.length) return finish(dir, name, target, ledger, 'rejected', rows);
  if (bad.length > 0) {
    const stem = basename(target, extname(target));
    await writeFileAtomic(await archiveFolder(dir, 'rejected'), `${stem}.rejected-rows.csv`, rejectedRowsCsv(content, bad));
  }
  return finish(dir, name, target, ledger, 'processed', rows);
}

async function finish(dir: string, name: string, target: string, ledger: InboxLedger, outcome: 'processed' | 'rejected', rows: RowReport[], fileError?: string): Promise<FileReport> {
  const count = (status: RowReport['status']) => rows.filter((r) => r.status === status).length;
  const report: FileReport = { file: name, outcome, queued: count('queued'), duplicates: count('duplicate'), rejected: count('rejected'), movedTo: `${outcome}/${target}` };
  if (fileError !== undefined) report.reason = fileError;
  const folder = await archiveFolder(dir, outcome);
  // The report first: a file that has moved always has its report beside it.
  await writeFileAtomic(folder, `${target}.result.json`, `${JSON.stringify({ ...report, rows }, null, 2)}\n`);
  try {
    await rename(join(dir, name), join(folder, target));
  } catch (error) {
    // Windows: the writer still holds the file open. Its rows are queued (duplicates next time).
    // Its report goes: a file held for days would otherwise leave one report per pass, each
    // naming a move that never happened.
    await rm(join(folder, `${target}.result.json`), { force: true });
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    return { ...report, outcome: 'skipped', reason: `could not be moved (${code || 'error'}); tried again next pass`, movedTo: undefined };
  }
  const summary = `${report.queued} queued, ${report.duplicates} already known, ${report.rejected} rejected`;
  ledger.activity.record({
    level: outcome === 'rejected' ? 'error' : report.rejected > 0 ? 'warn' : 'info',
    kind: `tracking.inbox-${outcome}`,
    message: fileError !== undefined ? `Tracking file ${name} was rejected: ${fileError}` : `Tracking file ${name}: ${summary}. Moved to ${outcome}/.`,
    details: { file: name, movedTo: report.movedTo ?? null, queued: report.queued, duplicates: report.duplicates, rejected: report.rejected },
  });
  return report;
}

/**
 * A file read, nothing queued from it, set aside for `reason`. One that cannot be moved stays in
 * the inbox, where the next cycle reads it for the company Setup moved to: the operator is told,
 * as an error, to move it out unless it is for that company.
 */
async function setAsideRead(dir: string, name: string, target: string, ledger: InboxLedger, reason: string): Promise<FileReport> {
  const moved = await setAsideFile(dir, name, target, reason);
  const none = { queued: 0, duplicates: 0, rejected: 0 };
  switch (moved.kind) {
    case 'moved':
      ledger.activity.record({
        level: 'warn',
        kind: 'tracking.inbox-set-aside',
        message: `Tracking file ${name} was set aside to rejected/. ${reason}`,
        details: { file: name, movedTo: moved.report.movedTo ?? null },
      });
      return moved.report;
    case 'gone':
      return { file: name, outcome: 'skipped', reason: 'taken by another program before it could be set aside', ...none };
    case 'failed':
      ledger.activity.record({
        level: 'error',
        kind: 'tracking.inbox-set-aside-failed',
        message: `Tracking file ${name} could not be moved to rejected/ (${moved.reason}); move it out of the inbox unless it is for the new company, as the next sync reads it for that one. ${reason}`,
        details: { file: name },
      });
      return { file: name, outcome: 'skipped', reason: `could not be moved to rejected/ (${moved.reason}); nothing was queued from it`, ...none };
  }
}

const rawRows = z.array(z.array(z.string()));

/** The header and the bad rows exactly as the file had them, plus the reason for each. */
function rejectedRowsCsv(content: Buffer, bad: RowReport[]): string {
  // Parsed with parseTrackingCsv's options, so record i is the file's row i + 2.
  const raw = rawRows.parse(parse(trackingCsvBytes(content), TRACKING_CSV_OPTIONS));
  const header = raw[0] ?? [];
  const lines = bad.map((r) => [...(raw[r.row - 1] ?? []), r.status === 'rejected' ? `Row ${r.row}: ${r.reason}` : '']);
  return `\uFEFF${csvLines([[...header, 'Reason'], ...lines])}`;
}
