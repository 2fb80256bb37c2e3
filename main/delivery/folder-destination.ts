// Folder export: one file per record version, for shipping software that picks files up.
// Atomic: the content goes to a hidden temporary file in the same folder (same file system, so
// rename is atomic), is fsynced, then renamed to its final name, and the folder is fsynced so the
// rename survives a power cut. A program polling the folder sees the whole file or nothing.
// The file name comes from the idempotency key, so a re-delivery after a crash rewrites the same
// file with the same content instead of adding a second one.
// A crash (or power cut) mid-write leaves its hidden temporary file behind, and no later write
// reuses the random name: each destination's first delivery removes the temporary exports older
// than an hour, so the folder does not collect them forever.
// The folder itself must exist: the connector never creates it (missingFolderProblem).
import { randomBytes } from 'node:crypto';
import { lstat, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeliveryOutcome, Destination, FolderDestinationSettings } from './destinations.ts';
import { payloadCsv } from './export-csv.ts';
import type { DeliveryPayload } from './payload.ts';

/** 'order:SO/SO001234@2026-11-28T10:15:30.457-05:00' → 'order_SO_SO001234_2026-11-28T10_15_30.457-05_00'. */
export function exportBaseName(idempotencyKey: string): string {
  // Only characters every file system and shipping program accepts; no leading dot (hidden).
  return idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 200);
}

export function exportFileName(payload: DeliveryPayload, format: 'json' | 'csv'): string {
  return `${exportBaseName(payload.idempotencyKey)}.${format}`;
}

/**
 * Temporary names are `.<final name>.<12 hex digits>.tmp`: hidden and ending in '.tmp', so pickup
 * programs watching *.json or *.csv skip them. Matched exactly, so the stale sweep below never
 * takes another program's hidden temporary file.
 */
export function isTemporaryExport(name: string): boolean {
  return /^\..+\.[0-9a-f]{12}\.tmp$/.test(name);
}

export async function writeFileAtomic(dir: string, name: string, content: string): Promise<void> {
  const temp = join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, join(dir, name));
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a folder for fsync (EPERM/EISDIR); NTFS journals the rename itself.
  const handle = await open(dir, 'r').catch(() => null);
  if (handle === null) return;
  try {
    await handle.sync();
  } catch {
    // Some file systems (network shares) refuse fsync on a folder; the file itself was synced.
  } finally {
    await handle.close();
  }
}

/**
 * A write takes milliseconds, so a temporary export an hour old was left by a crash. The hour also
 * spares one being written right now by another process (the CLI's `sync --once` beside the
 * service) on a network share whose clock is some minutes off ours.
 */
export const STALE_TEMPORARY_EXPORT_MS = 60 * 60_000;

/** Removes the temporary exports in `dir` last modified before `now - STALE_TEMPORARY_EXPORT_MS`. */
export async function removeStaleTemporaryExports(dir: string, now: number): Promise<number> {
  let removed = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile() || !isTemporaryExport(entry.name)) continue;
    const path = join(dir, entry.name);
    const info = await lstat(path).catch(() => null); // renamed or removed by its writer meanwhile
    if (info === null || !info.isFile() || now - info.mtimeMs < STALE_TEMPORARY_EXPORT_MS) continue;
    await rm(path, { force: true });
    removed += 1;
  }
  return removed;
}

/**
 * Why the export folder cannot take a file, when it is missing or not a folder; null when it is
 * there. Not created when missing: the usual reason is a network share or drive that is not
 * connected (at boot, after a password change), and a folder made in its place on this PC's own
 * disk took every export while the shipping software, reading the share, saw none of them.
 */
export async function missingFolderProblem(path: string): Promise<string | null> {
  const info = await stat(path).catch((error: unknown) => error as NodeJS.ErrnoException);
  if (!(info instanceof Error)) return info.isDirectory() ? null : `the export folder ${path} is a file, not a folder.`;
  if (info.code === 'ENOTDIR') return `part of the export folder's path ${path} is a file, not a folder.`;
  // Other failures (permissions, a share timing out) are for the write itself to report.
  if (info.code !== 'ENOENT') return null;
  return `the export folder ${path} does not exist. If it is on a network share or another drive, check that it is connected; otherwise create the folder. The connector does not create it, so that exports never land on this PC's own disk instead.`;
}

export class FolderDestination implements Destination {
  readonly name = 'folder';
  readonly #settings: FolderDestinationSettings;
  readonly #now: () => number;
  #swept = false;

  constructor(settings: FolderDestinationSettings, options: { now?: () => number } = {}) {
    this.#settings = settings;
    this.#now = options.now ?? Date.now;
  }

  async deliver(payload: DeliveryPayload): Promise<DeliveryOutcome> {
    const { path, format } = this.#settings;
    const name = exportFileName(payload, format);
    const content = format === 'csv' ? payloadCsv(payload) : `${JSON.stringify(payload, null, 2)}\n`;
    const missing = await missingFolderProblem(path);
    if (missing !== null) return { kind: 'retry', error: `Could not write ${name}: ${missing}` };
    try {
      await this.#sweepOnce(path);
      await writeFileAtomic(path, name, content);
      return { kind: 'delivered', detail: name };
    } catch (error) {
      // A full disk, a share that is offline or a permission being fixed: all worth retrying;
      // after enough attempts the outbox parks the job with this message.
      const code = typeof error === 'object' && error !== null && 'code' in error ? `${String(error.code)}: ` : '';
      const message = error instanceof Error ? error.message : String(error);
      return { kind: 'retry', error: `Could not write ${name} to ${path}: ${code}${message}` };
    }
  }

  /**
   * Once per destination (each start, and each change of the setting), before its first write.
   * Not again if it fails (a file held open on Windows, a share gone read-only): a leftover is
   * harmless, and listing a folder of thousands of exports before every write is not.
   */
  async #sweepOnce(path: string): Promise<void> {
    if (this.#swept) return;
    this.#swept = true;
    // A folder that cannot be listed is reported by the write that follows, if it matters.
    await removeStaleTemporaryExports(path, this.#now()).catch(() => undefined);
  }
}
