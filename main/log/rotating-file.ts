import { closeSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { makeDirectory } from '../files/make-directory.ts';

export interface RotatingFileOptions {
  dir: string;
  /** Files are `<baseName>.log`, then `<baseName>.1.log` (newest) ... `<baseName>.<maxFiles>.log`. */
  baseName: string;
  maxBytes: number;
  /** Rotated files kept besides the current one: the folder never exceeds (maxFiles + 1) × maxBytes. */
  maxFiles: number;
}

/** The current file (n = 0) is `<baseName>.log`; rotation n is `<baseName>.<n>.log`, 1 the newest. */
export function logFileName(baseName: string, n: number): string {
  return n === 0 ? `${baseName}.log` : `${baseName}.${n}.log`;
}

/** What logFileName made this name from, or null for any other file. */
export function parseLogFileName(name: string): { baseName: string; n: number } | null {
  const match = /^(.+?)(?:\.(\d+))?\.log$/.exec(name);
  return match ? { baseName: match[1]!, n: match[2] === undefined ? 0 : Number(match[2]) } : null;
}

/**
 * A pino destination that writes synchronously and rotates by size.
 *
 * Why not pino-roll: it is a SonicBoom stream (asynchronous by default, and usually run as a
 * worker-thread transport, which must resolve its module from inside an Electron asar), it
 * numbers files upward forever, and it only prunes files it created itself unless told
 * otherwise. For a support log on a warehouse PC the last lines before a crash matter most;
 * a synchronous write of a few lines a minute costs nothing, and a fixed set of names is easy
 * to export. A write failure (disk full) never throws into the app: the line is counted as
 * dropped and the file is reopened on the next write.
 */
export class RotatingFileDestination {
  readonly path: string;
  readonly #options: RotatingFileOptions;
  #fd: number | undefined;
  #size = 0;
  #dropped = 0;

  constructor(options: RotatingFileOptions) {
    if (options.maxBytes < 1024) throw new RangeError('maxBytes must be at least 1 KiB');
    if (!Number.isInteger(options.maxFiles) || options.maxFiles < 1) throw new RangeError('maxFiles must be a positive integer');
    this.#options = options;
    this.path = join(options.dir, logFileName(options.baseName, 0));
    makeDirectory(options.dir, 0o700);
    this.#open();
  }

  /** Lines lost to write errors since start; reported in the next line that gets through. */
  get droppedLines(): number {
    return this.#dropped;
  }

  write(line: string): boolean {
    try {
      const bytes = Buffer.byteLength(line);
      if (this.#size > 0 && this.#size + bytes > this.#options.maxBytes) this.#rotate();
      const fd = this.#fd ?? this.#open();
      writeSync(fd, line);
      this.#size += bytes;
    } catch {
      this.#dropped += 1;
      this.#closeQuietly();
    }
    return true;
  }

  close(): void {
    this.#closeQuietly();
  }

  #open(): number {
    const fd = openSync(this.path, 'a', 0o600);
    this.#fd = fd;
    this.#size = fstatSync(fd).size;
    return fd;
  }

  #rotate(): void {
    this.#closeQuietly();
    const { maxFiles } = this.#options;
    rmSync(this.#rotatedPath(maxFiles), { force: true });
    for (let n = maxFiles - 1; n >= 1; n -= 1) renameIfPresent(this.#rotatedPath(n), this.#rotatedPath(n + 1));
    renameIfPresent(this.path, this.#rotatedPath(1));
    this.#open();
  }

  #rotatedPath(n: number): string {
    return join(this.#options.dir, logFileName(this.#options.baseName, n));
  }

  #closeQuietly(): void {
    if (this.#fd === undefined) return;
    try {
      closeSync(this.#fd);
    } catch {
      // Already gone (the disk vanished); nothing useful to do.
    }
    this.#fd = undefined;
  }
}

function renameIfPresent(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'ENOENT')) throw error;
  }
}
