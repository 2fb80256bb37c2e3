// When the ledger cannot be opened (here: written by a newer release), `diagnostics` still writes
// the bundle support needs, with the reason and the log lines, and still without a secret.
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { runCli, setupWithCli } from '../../support/run-cli.ts';

let sim: Simulator;
let dataDir: string;
beforeAll(async () => {
  sim = await startSimulator({ orders: 5 });
  dataDir = mkdtempSync(join(tmpdir(), 'ds-diag-'));
});
afterAll(async () => {
  await sim.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('writes versions, the reason and scrubbed log lines when the ledger is too new to open', async () => {
  const env = { DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 4).toString('base64') };
  const setup = await setupWithCli(sim, env);
  expect(setup.code, setup.stderr).toBe(0);
  // A line the service wrote, echoing the password: scrubbed by value, from the vault.
  appendFileSync(join(dataDir, 'logs', 'service.log'), `${JSON.stringify({ level: 50, time: Date.now(), msg: `upgrade failed near ${sim.credentials.password}` })}\n`);
  const db = new DatabaseSync(join(dataDir, 'ledger.sqlite'));
  db.exec('PRAGMA user_version = 99');
  db.close();

  const out = join(dataDir, 'support.json');
  const result = await runCli(['diagnostics', '--out', out], env);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout).toMatch(/with versions and log lines only: the ledger could not be opened\. The ledger .* has schema version 99/);
  const text = readFileSync(out, 'utf8');
  const bundle = JSON.parse(text) as { ledgerUnavailable: string; versions: { node: string }; logLines: Record<string, string[]> };
  expect(bundle.ledgerUnavailable).toMatch(/schema version 99, but this DropStream Connector only knows versions up to \d+/);
  expect(bundle.versions.node).toBe(process.version);
  expect(bundle.logLines.service?.at(-1)).toMatch(/upgrade failed near \[redacted/i);
  expect(text).not.toContain(sim.credentials.password);
  expect(text).not.toContain(sim.credentials.clientSecret);
  // Nothing was changed: the ledger still says what the newer release wrote.
  const after = new DatabaseSync(join(dataDir, 'ledger.sqlite'));
  expect(after.prepare('PRAGMA user_version').get()).toEqual({ user_version: 99 });
  after.close();
});
