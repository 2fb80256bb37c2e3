// `sync --once` without --json: what the cycle did to tracking numbers and deliveries is said too.
// It printed only orders and shipments, so a cycle that failed every queued tracking number (or
// parked a delivery) read as a clean run to an admin checking it by hand.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { runCli, setupWithCli } from '../../support/run-cli.ts';

let sim: Simulator;
let dataDir: string;
const env = () => ({ DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 7).toString('base64') });
beforeAll(async () => {
  sim = await startSimulator({ orders: 20 });
  dataDir = mkdtempSync(join(tmpdir(), 'ds-sync-summary-'));
  const setup = await setupWithCli(sim, env());
  expect(setup.code, setup.stderr).toBe(0);
});
afterAll(async () => {
  await sim.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('says how many tracking numbers were posted or failed, and how many records were delivered', { timeout: 60_000 }, async () => {
  const exportDir = join(dataDir, 'export');
  mkdirSync(exportDir);
  expect((await runCli(['config', 'set', 'destinations', JSON.stringify({ folder: { path: exportDir, format: 'json' } })], env())).code).toBe(0);
  expect((await runCli(['tracking', 'add', '--shipment', 'SH999999', '--tracking', '1ZNOWHERE'], env())).code).toBe(0);

  const sync = await runCli(['sync', '--once'], env());
  expect(sync.code, sync.stderr).toBe(0);
  const imported = /Orders: (\d+) imported, \d+ updated\. Shipments: (\d+) imported/.exec(sync.stdout);
  const records = Number(imported?.[1]) + Number(imported?.[2]);
  expect(records).toBeGreaterThan(0);
  expect(sync.stdout).toMatch(/^Tracking numbers: 0 posted, 1 failed \(see "tracking list"\)\.$/m);
  expect(sync.stdout).toMatch(new RegExp(`^Deliveries: ${records} delivered, 0 retried, 0 parked\\.$`, 'm'));

  // A cycle with nothing to post or deliver says nothing of either.
  const quiet = await runCli(['sync', '--once'], env());
  expect(quiet.code, quiet.stderr).toBe(0);
  expect(quiet.stdout).not.toMatch(/Tracking numbers|Deliveries/);
});
