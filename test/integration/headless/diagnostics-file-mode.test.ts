// The support bundle is for the admin to send, not for every account on the machine to read:
// written 0600 whether --out names a new file or one that is already there, readable by others.
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { runCli, setupWithCli } from '../../support/run-cli.ts';

let sim: Simulator;
let dataDir: string;
const env = () => ({ DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 6).toString('base64') });
beforeAll(async () => {
  sim = await startSimulator({ orders: 2 });
  dataDir = mkdtempSync(join(tmpdir(), 'ds-diag-mode-'));
  const setup = await setupWithCli(sim, env());
  expect(setup.code, setup.stderr).toBe(0);
});
afterAll(async () => {
  await sim.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Windows keeps no such mode bits (Node reports 0o666 or 0o444 there). */
const expectOwnerOnly = (file: string) => {
  if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
};

it('writes a new bundle 0600', async () => {
  const out = join(dataDir, 'new-support.json');
  const result = await runCli(['diagnostics', '--out', out], env());
  expect(result.code, result.stderr).toBe(0);
  expectOwnerOnly(out);
});

it('makes an existing world-readable file 0600 before the bundle goes into it', async () => {
  const out = join(dataDir, 'old-support.json');
  writeFileSync(out, 'last month\'s notes, much longer than anything that could be left over at the end of a bundle'.repeat(200));
  chmodSync(out, 0o644);
  const result = await runCli(['diagnostics', '--out', out], env());
  expect(result.code, result.stderr).toBe(0);
  expectOwnerOnly(out);
  // The bundle, whole, and nothing of what was there before.
  const bundle = JSON.parse(readFileSync(out, 'utf8')) as { versions: { node: string } };
  expect(bundle.versions.node).toBe(process.version);
});
