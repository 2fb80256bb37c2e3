// Folder export: one file per record version, for shipping software that picks files up.
// Atomic: the content goes to a hidden temporary file in the same folder (same file system, so
// rename is atomic), is fsynced, then renamed to its final name, and the folder is fsynced so the
// rename survives a power cut. A program polling the folder sees the whole file or nothing.
// The file name comes from the idempotency key, so a re-delivery after a crash rewrites the same
// file with the same content instead of adding a second one.
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeliveryOutcome, Destination, FolderDestinationSettings } from './destinations.ts';
import { payloadCsv } from './export-csv.ts';
import type { DeliveryPayload } from './payload.ts';
import { makeDirectory } from '../files/make-directory.ts';

/** 'order:SO/SO001234@2026-11-28T10:15:30.457-05:00' → 'order_SO_SO001234_2026-11-28T10_15_30.457-05_00'. */
export function exportBaseName(idempotencyKey: string): string {
  // Only characters every file system and shipping program accepts; no leading dot (hidden).
  return idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_').slice(0, 200);
}

export function exportFileName(payload: DeliveryPayload, format: 'json' | 'csv'): string {
  return `${exportBaseName(payload.idempotencyKey)}.${format}`;
}

/** Temporary names start with '.' and end in '.tmp': pickup programs watching *.json or *.csv skip them. */
export function isTemporaryExport(name: string): boolean {
  return name.startsWith('.') && name.endsWith('.tmp');
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

export class FolderDestination implements Destination {
  readonly name = 'folder';
  readonly #settings: FolderDestinationSettings;

  constructor(settings: FolderDestinationSettings) {
    this.#settings = settings;
  }

  async deliver(payload: DeliveryPayload): Promise<DeliveryOutcome> {
    const { path, format } = this.#settings;
    const name = exportFileName(payload, format);
    const content = format === 'csv' ? payloadCsv(payload) : `${JSON.stringify(payload, null, 2)}\n`;
    try {
      makeDirectory(path);
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
}
