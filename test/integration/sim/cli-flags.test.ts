// `npm run sim`, the README's way to try the connector by hand: a mistyped flag is named with the
// usage and exit 2, not a stack trace; and it starts on 127.0.0.1 with the flags it was given.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const CLI = fileURLToPath(new URL('../../acumatica-sim/cli.ts', import.meta.url));

function runSim(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      // A simulator that started prints its address and how to use it: stop it once the last line
      // is out. Stopped at the first line, it was sometimes killed before it printed the rest.
      if (stdout.includes('/SalesOrder ')) child.kill('SIGINT');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run sim', () => {
  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['--port', '99999'], /--port wants a whole number from 0 to 65535, got "99999"/],
    [['--orders', 'ten'], /--orders wants a whole number from 0 to 1000000, got "ten"/],
  ])('refuses %j with exit 2, naming it', { timeout: 30_000 }, async (args, message) => {
    const result = await runSim(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(/^usage: npm run sim/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('starts on 127.0.0.1 with the orders asked for', { timeout: 30_000 }, async () => {
    const result = await runSim(['--orders', '7', '--seed', '3']);
    expect(result.stdout).toMatch(/listening at http:\/\/127\.0\.0\.1:\d+/);
    expect(result.stdout).toMatch(/orders:\s+7/);
  });
});
