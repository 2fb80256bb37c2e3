// Runs the real command line as a separate process, as an admin's script would.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Simulator } from '../acumatica-sim/index.ts';

const CLI = resolve('main/headless/cli.ts');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliLimits {
  /**
   * The largest file the process may write, in KiB (`ulimit -f`): a write past it fails the way
   * a full disk's does, without filling the test machine's disk. Node ignores SIGXFSZ.
   */
  maxFileSizeKb?: number;
}

/**
 * One V8 compile cache for every command the tests start: a command then starts in about 0.4 s
 * instead of 0.7 s, and the command-line tests start some two hundred. The commands run the same
 * sources either way; only their compiled code is reused, checked against the source by Node. A
 * fixed folder, as Node's own default is, since vitest ends its workers without an exit event.
 */
const COMPILE_CACHE = join(tmpdir(), 'dropstream-tests-compile-cache');

export function startCli(args: string[], env: NodeJS.ProcessEnv, limits: CliLimits = {}): ChildProcess {
  const options: SpawnOptions = { env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_COMPILE_CACHE: COMPILE_CACHE, ...env }, stdio: ['ignore', 'pipe', 'pipe'] };
  if (limits.maxFileSizeKb === undefined) return spawn(process.execPath, [CLI, ...args], options);
  // ulimit -f counts 1024-byte blocks in bash.
  return spawn('bash', ['-c', `ulimit -f ${Math.floor(limits.maxFileSizeKb)} && exec "$@"`, 'cli', process.execPath, CLI, ...args], options);
}

export function runCli(args: string[], env: NodeJS.ProcessEnv, limits: CliLimits = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = startCli(args, env, limits);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** `connector setup` against the simulator with its demo credentials (secrets from the environment, as an admin's script gives them). */
export function setupWithCli(sim: Simulator, env: NodeJS.ProcessEnv): Promise<CliResult> {
  return runCli(['setup', '--instance-url', sim.baseUrl, '--client-id', sim.credentials.clientId, '--username', sim.credentials.username], {
    ...env,
    DROPSTREAM_CLIENT_SECRET: sim.credentials.clientSecret,
    DROPSTREAM_PASSWORD: sim.credentials.password,
  });
}

/**
 * The dashboard's address a `connector run` started by these helpers (its output a pipe, not a
 * terminal) names in its output: read, as an admin would, from the file it names. Null until printed, and once the file is gone.
 */
export function dashboardUrlFrom(stdout: string): URL | null {
  const file = /Open the address in (.+?) \((?:readable by this user only|as readable as the data folder)\)/.exec(stdout)?.[1];
  if (file === undefined) return null;
  try {
    return new URL(readFileSync(file, 'utf8').trim());
  } catch (error) {
    // Asked again by an output listener after the service stopped, and removed the file.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
