import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirectory } from '../../../main/files/make-directory.ts';

describe('makeDirectory', () => {
  it('makes every missing level, with the mode asked for, and accepts a folder that exists', () => {
    const root = mkdtempSync(join(tmpdir(), 'ds-mkdir-'));
    const deep = join(root, 'a', 'b', 'c');
    makeDirectory(deep, 0o700);
    expect(statSync(deep).isDirectory()).toBe(true);
    if (process.platform !== 'win32') expect(statSync(join(root, 'a')).mode & 0o777).toBe(0o700);
    expect(() => makeDirectory(deep)).not.toThrow();
  });

  it('names the problem when a level is a file', () => {
    const root = mkdtempSync(join(tmpdir(), 'ds-mkdir-'));
    writeFileSync(join(root, 'file'), '');
    expect(() => makeDirectory(join(root, 'file', 'sub'))).toThrow(/ENOTDIR|EEXIST/);
  });

  // procfs exists on Linux only: elsewhere there is no such file system to hang on.
  it.skipIf(process.platform !== 'linux')('fails at once under /proc, where recursive mkdir spins forever', () => {
    // Before, this never returned (the test would time out).
    expect(() => makeDirectory('/proc/dropstream-no-such/data')).toThrow(/ENOENT/);
    expect(existsSync('/proc/dropstream-no-such')).toBe(false);
  });
});
