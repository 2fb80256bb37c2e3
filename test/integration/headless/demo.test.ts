import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const DEMO = resolve('scripts/demo.ts');

describe('npm run demo', () => {
  it('keeps its data in its own folder and leaves the one DROPSTREAM_DATA_DIR names alone', async () => {
    // An admin's shell on a machine that runs the real connector.
    const realDataDir = mkdtempSync(join(tmpdir(), 'ds-real-'));
    writeFileSync(join(realDataDir, 'ledger.sqlite'), 'the real ledger');
    const projectDir = mkdtempSync(join(tmpdir(), 'ds-demo-project-'));

    const demo = spawn(process.execPath, [DEMO], {
      cwd: projectDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DROPSTREAM_DATA_DIR: realDataDir, DEMO_INTERVAL_MS: '60000' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    demo.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    demo.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolveExit) => demo.once('close', resolveExit));
    const dashboard = await new Promise<string>((resolveStarted, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo printed no dashboard address: ${output}`)), 20_000);
      demo.stdout.on('data', () => {
        const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(output);
        if (!match) return;
        clearTimeout(timer);
        resolveStarted(match[0]);
      });
      void exited.then(() => reject(new Error(`the demo exited early: ${output}`)));
    });
    // Once the dashboard answers, the service is past printing and listens for Ctrl-C.
    expect((await fetch(dashboard)).status).toBe(200);
    demo.kill('SIGINT');
    expect(await exited, output).toBe(0);

    expect(existsSync(join(realDataDir, 'ledger.sqlite')), output).toBe(true);
    expect(existsSync(join(projectDir, '.data', 'demo', 'ledger.sqlite'))).toBe(true);
  });
});
