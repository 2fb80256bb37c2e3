import { open, readFile, rm, stat } from 'node:fs/promises';
import { processExists } from '../files/process-exists.ts';

/**
 * Runs `work` while holding `<target>.lock`, a file only one process can create (O_EXCL). The
 * service and a CLI command share the headless vault: each write reads the whole file and writes
 * it back, so without this a rotation's new client secret could be overwritten by the service
 * storing a refreshed token a moment later (and the old secret, removed in Acumatica next, was
 * then the only one left).
 *
 * The lock file holds its process id. A lock whose process is gone (killed mid-write, then the
 * service restarted at once) is taken over at once; one whose id cannot be read, or whose process
 * is frozen, once it is STALE_AFTER_MS old: a write takes milliseconds.
 *
 * Taking over is done under `<target>.lock.break` (breakStaleLock): two waiters that both judged
 * the same lock stale would otherwise both remove "it", and the later removal could hit the lock
 * the first had meanwhile taken, letting both write at once.
 */
const STALE_AFTER_MS = 30_000;
/** Breaking a lock takes a read and a removal; a break lock this old was left by a frozen waiter. */
const BREAK_STALE_AFTER_MS = 5_000;

export class FileLockTimeoutError extends Error {
  constructor(target: string, lockPath: string, waitedMs: number) {
    super(`${target} is being written by another DropStream Connector process (${lockPath} has existed for over ${Math.round(waitedMs / 1000)} s). Try again; if no other connector process runs, delete ${lockPath}.`);
    this.name = 'FileLockTimeoutError';
  }
}

export async function withFileLock<T>(target: string, work: () => Promise<T>, options: { waitMs?: number; now?: () => number } = {}): Promise<T> {
  const lockPath = `${target}.lock`;
  const now = options.now ?? Date.now;
  const waitMs = options.waitMs ?? 10_000;
  const started = now();
  for (let attempt = 0; ; attempt++) {
    if (await createLock(lockPath)) break;
    // Broken: take it at once. Another waiter breaking it, or it turned out alive: wait as for any lock.
    if ((await isStale(lockPath, now(), STALE_AFTER_MS)) && (await breakStaleLock(lockPath, now))) continue;
    if (now() - started >= waitMs) throw new FileLockTimeoutError(target, lockPath, waitMs);
    await new Promise((resolve) => setTimeout(resolve, Math.min(5 * 2 ** attempt, 100)));
  }
  try {
    return await work();
  } finally {
    await removeLock(lockPath);
  }
}

/** Creates `path` holding this process's id; false when another process has it. */
async function createLock(path: string): Promise<boolean> {
  try {
    const handle = await open(path, 'wx', 0o600);
    try {
      await handle.writeFile(String(process.pid));
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Windows answers EPERM while a lock file another process just removed is still open
    // (an antivirus scanning it): busy, like EEXIST, not a failure.
    if (code !== 'EEXIST' && !(code === 'EPERM' && process.platform === 'win32')) throw error;
    return false;
  }
}

/**
 * Removes a lock judged stale, if it still is once this process alone may remove it: another
 * waiter may have taken it over, and taken the lock anew, since it was judged. False when it did
 * not remove it: another waiter holds the break lock, or the lock is alive after all.
 */
async function breakStaleLock(lockPath: string, now: () => number): Promise<boolean> {
  const breakPath = `${lockPath}.break`;
  if (!(await createLock(breakPath))) {
    // Left by a waiter killed while breaking: gone with its process, or old.
    if (await isStale(breakPath, now(), BREAK_STALE_AFTER_MS)) await rm(breakPath, { force: true });
    return false;
  }
  try {
    if (!(await isStale(lockPath, now(), STALE_AFTER_MS))) return false;
    await rm(lockPath, { force: true });
    return true;
  } finally {
    await removeLock(breakPath);
  }
}

/** The work is done (and its result stands) even if the lock file cannot go: it is then stale once this process ends, or after STALE_AFTER_MS. */
async function removeLock(lockPath: string): Promise<void> {
  try {
    await rm(lockPath, { force: true, maxRetries: 3, retryDelay: 50 });
  } catch {
    // Reported by nothing: the next writer waits for the lock to go stale and says so if it cannot.
  }
}

async function isStale(lockPath: string, now: number, staleAfterMs: number): Promise<boolean> {
  try {
    const holder = Number((await readFile(lockPath, 'utf8')).trim());
    // An empty file is a lock being created this instant: its process id follows.
    if (Number.isInteger(holder) && holder > 0 && !processExists(holder)) return true;
    return now - (await stat(lockPath)).mtimeMs > staleAfterMs;
  } catch {
    // Gone between our attempt and this look: not stale, just free; the next attempt takes it.
    return false;
  }
}
