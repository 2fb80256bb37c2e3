// Windows answers EPERM, not EEXIST, for a lock file another process has just deleted while
// something (an antivirus scan) still holds it open: the writer must wait, not fail.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

const beforeOpen = vi.hoisted(() => ({ swap: null as null | (() => void) }));
vi.mock('node:fs/promises', async (importOriginal) => (await import('../../support/fs-hooks.ts')).openAfter(await importOriginal<typeof import('node:fs/promises')>(), beforeOpen));

const { withFileLock } = await import('../../../main/vault/file-lock.ts');

let dir: string;
const platform = Object.getOwnPropertyDescriptor(process, 'platform')!;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dropstream-lock-win-'));
});
afterEach(() => {
  Object.defineProperty(process, 'platform', platform);
  rmSync(dir, { recursive: true, force: true });
});

/** Throws at the next open only (a throwing hook is not cleared by fs-hooks itself). */
const pendingDelete = () => {
  beforeOpen.swap = null;
  throw Object.assign(new Error('EPERM: operation not permitted, open'), { code: 'EPERM' });
};

it('on Windows, waits while the lock file is pending deletion, then writes', async () => {
  Object.defineProperty(process, 'platform', { value: 'win32' });
  beforeOpen.swap = pendingDelete;
  await expect(withFileLock(join(dir, 'secrets.vault'), async () => 'written', { waitMs: 1_000 })).resolves.toBe('written');
});

it('elsewhere, EPERM is a real refusal and is reported as it is', async () => {
  Object.defineProperty(process, 'platform', { value: 'linux' });
  beforeOpen.swap = pendingDelete;
  await expect(withFileLock(join(dir, 'secrets.vault'), async () => 'written', { waitMs: 1_000 })).rejects.toThrow('EPERM');
});
