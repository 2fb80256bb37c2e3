// openOwnFile where the platform has no O_NOFOLLOW (Node on Windows): the constant is taken away,
// and a hook swaps a link in at the very moment between the check of the name and the open.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const beforeOpen = vi.hoisted(() => ({ swap: null as null | (() => void) }));

vi.mock('node:fs', async (importOriginal) => (await import('../../support/fs-hooks.ts')).withoutNoFollow(await importOriginal<typeof import('node:fs')>()));
vi.mock('node:fs/promises', async (importOriginal) => (await import('../../support/fs-hooks.ts')).openAfter(await importOriginal<typeof import('node:fs/promises')>(), beforeOpen));

const { constants } = await import('node:fs');
const { openOwnFile } = await import('../../../main/files/open-own-file.ts');

let dir: string;
let outside: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-own-file-'));
  outside = mkdtempSync(join(tmpdir(), 'ds-own-file-outside-'));
  writeFileSync(join(outside, 'vault.key'), 'key material\n');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('openOwnFile without O_NOFOLLOW', () => {
  it('opens a regular file, and nothing but one', async () => {
    writeFileSync(join(dir, 'ups.csv'), 'ShipmentNbr,TrackingNbr\n');
    const handle = await openOwnFile(join(dir, 'ups.csv'), constants.O_RDONLY);
    expect((await handle?.readFile())?.toString()).toBe('ShipmentNbr,TrackingNbr\n');
    await handle?.close();

    symlinkSync(join(outside, 'vault.key'), join(dir, 'link.csv'));
    expect(await openOwnFile(join(dir, 'link.csv'), constants.O_RDONLY)).toBeNull();
    expect(await openOwnFile(join(dir, 'missing.csv'), constants.O_RDONLY)).toBeNull();
  });

  it('refuses a link swapped in between the check and the open', async () => {
    writeFileSync(join(dir, '.dropstream-clock'), 'clock\n');
    beforeOpen.swap = () => {
      rmSync(join(dir, '.dropstream-clock'));
      symlinkSync(join(outside, 'vault.key'), join(dir, '.dropstream-clock'));
    };
    expect(await openOwnFile(join(dir, '.dropstream-clock'), constants.O_WRONLY)).toBeNull();
    expect(readFileSync(join(outside, 'vault.key'), 'utf8')).toBe('key material\n');
  });

  it('creates a missing name, and never through a link put there meanwhile', async () => {
    const made = await openOwnFile(join(dir, 'new'), constants.O_WRONLY, { create: true, mode: 0o600 });
    await made?.write('made\n');
    await made?.close();
    expect(readFileSync(join(dir, 'new'), 'utf8')).toBe('made\n');

    beforeOpen.swap = () => symlinkSync(join(outside, 'vault.key'), join(dir, 'raced'));
    await expect(openOwnFile(join(dir, 'raced'), constants.O_WRONLY, { create: true })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(readFileSync(join(outside, 'vault.key'), 'utf8')).toBe('key material\n');
  });
});
