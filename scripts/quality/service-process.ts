// The headless service as an operator runs it (`node main/headless/cli.ts run`), in its own
// process: started, asked to sync through its token-guarded API, killed with SIGKILL or stopped
// with SIGTERM. Output is kept, so a caller can also search it (the secret-leak test does).
import type { ChildProcess } from 'node:child_process';
import { request } from 'undici';
import { dashboardUrlFrom, startCli } from '../../test/support/run-cli.ts';

export interface ServiceProcess {
  origin: string;
  token: string;
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** POST /api/<method> with the launch token; resolves with the envelope. */
  call(method: string, body?: unknown): Promise<unknown>;
  kill9(): Promise<void>;
  stop(): Promise<number | null>;
}


export async function startService(env: NodeJS.ProcessEnv, options: { startTimeoutMs?: number } = {}): Promise<ServiceProcess> {
  const child = startCli(['run'], env);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const address = await new Promise<URL>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the service did not start in time:\n${stdout}\n${stderr}`)), options.startTimeoutMs ?? 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = dashboardUrlFrom(stdout);
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
    void closed.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the service exited (${code}) before it started:\n${stdout}\n${stderr}`));
    });
  });
  const { origin } = address;
  const token = address.searchParams.get('token')!;
  return {
    origin,
    token,
    child,
    output: () => ({ stdout, stderr }),
    async call(method, body) {
      const res = await request(`${origin}/api/${method}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? '' : JSON.stringify(body),
      });
      return res.body.json();
    },
    async kill9() {
      child.kill('SIGKILL');
      await closed;
    },
    async stop() {
      child.kill('SIGTERM');
      return closed;
    },
  };
}
