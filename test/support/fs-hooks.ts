// Module replacements for vi.mock factories that put a moment under the test's control (a file
// swapped right after a listing, or right before an open) or take O_NOFOLLOW away, as Node on
// Windows lacks it. No fs import here: a factory for node:fs/promises must not load it again.

/** A hook run once at the chosen moment, then cleared. */
export interface OneShot {
  swap: null | (() => void);
}

function fire(hook: OneShot): void {
  hook.swap?.();
  hook.swap = null;
}

/** node:fs without O_NOFOLLOW, as on Windows. */
export function withoutNoFollow<Fs extends { constants: object }>(actual: Fs): Fs {
  const constants = { ...actual.constants, O_NOFOLLOW: undefined };
  return { ...actual, constants, default: { ...actual, constants } };
}

/** node:fs/promises whose readdir runs `hook` once its listing is read. */
export function readdirThen<Fsp extends { readdir: (...args: never[]) => Promise<unknown> }>(actual: Fsp, hook: OneShot): Fsp {
  const readdir = async (...args: Parameters<Fsp['readdir']>) => {
    const entries = await (actual.readdir as (...a: unknown[]) => Promise<unknown>)(...args);
    fire(hook);
    return entries;
  };
  return { ...actual, readdir, default: { ...actual, readdir } };
}

/** node:fs/promises whose open runs `hook` once, just before it opens. */
export function openAfter<Fsp extends { open: (...args: never[]) => Promise<unknown> }>(actual: Fsp, hook: OneShot): Fsp {
  const open = (...args: Parameters<Fsp['open']>) => {
    fire(hook);
    return (actual.open as (...a: unknown[]) => Promise<unknown>)(...args);
  };
  return { ...actual, open, default: { ...actual, open } };
}

/** A moment before each rm, held as long as the test's promise takes (a process slowed down). */
export interface BeforeRm {
  before: null | ((path: unknown) => Promise<void> | void);
}

/** node:fs/promises whose rm first awaits `hook.before(path)`. */
export function rmAfter<Fsp extends { rm: (...args: never[]) => Promise<unknown> }>(actual: Fsp, hook: BeforeRm): Fsp {
  const rm = async (...args: Parameters<Fsp['rm']>) => {
    await hook.before?.(args[0]);
    return (actual.rm as (...a: unknown[]) => Promise<unknown>)(...args);
  };
  return { ...actual, rm, default: { ...actual, rm } };
}
