// Two writers waiting on a lock its process left behind when it was killed (the service restarted
// after a crash, a CLI command started at the same moment): only one may take it over. Before, each
// removed "the stale lock" it had judged, so one slowed between judging and removing removed the
// lock the other had just taken, and both wrote the vault at once; one's change was lost.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

const rmHook = vi.hoisted(() => ({ before: null as null | ((path: unknown) => Promise<void> | void) }));
vi.mock('node:fs/promises', async (importOriginal) => (await import('../../support/fs-hooks.ts')).rmAfter(await importOriginal<typeof import('node:fs/promises')>(), rmHook));

const { withFileLock } = await import('../../../main/vault/file-lock.ts');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dropstream-lock-takeover-'));
});
afterEach(() => {
  rmHook.before = null;
  rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('lets only one of two waiters take over a killed process\'s lock, however slow the other is to act', async () => {
  const target = join(dir, 'secrets.vault');
  const lockPath = `${target}.lock`;
  writeFileSync(lockPath, String(2 ** 22 + 17)); // a process id that is not running
  // The second removal of the lock file is held back: the slow waiter acting on its old judgement.
  let lockRemovals = 0;
  rmHook.before = async (path) => {
    if (path === lockPath && ++lockRemovals === 2) await sleep(60);
  };
  let inside = 0;
  let mostAtOnce = 0;
  const write = () =>
    withFileLock(target, async () => {
      inside += 1;
      mostAtOnce = Math.max(mostAtOnce, inside);
      await sleep(120);
      inside -= 1;
    });
  await Promise.all([write(), write()]);
  expect(mostAtOnce).toBe(1);
});
