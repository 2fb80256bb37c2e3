// A webhook receiver's address often carries its credential in the query: an Azure Functions
// `?code=` key, a Logic Apps `&sig=` signature. The support bundle, which an admin sends away,
// names the receiver without those values.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { runCli, setupWithCli } from '../../support/run-cli.ts';

const FUNCTION_KEY = 'AzFnKey-7d1e0c93b2a4f6';
const SIGNATURE = 'LogicAppSig-5e8f21c0';

let sim: Simulator;
let dataDir: string;
beforeAll(async () => {
  sim = await startSimulator({ orders: 5 });
  dataDir = mkdtempSync(join(tmpdir(), 'ds-diag-url-'));
});
afterAll(async () => {
  await sim.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

it('masks the values in the webhook URL\'s query, and keeps where it points', async () => {
  const env = { DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 5).toString('base64') };
  expect((await setupWithCli(sim, env)).code).toBe(0);
  const url = `https://orders.example.com/api/dropstream?code=${FUNCTION_KEY}&sv=1.0&sig=${SIGNATURE}`;
  const set = await runCli(['config', 'set', 'destinations', JSON.stringify({ webhook: { url } })], env);
  expect(set.code, set.stderr).toBe(0);

  const out = join(dataDir, 'support.json');
  const result = await runCli(['diagnostics', '--out', out], env);
  expect(result.code, result.stderr).toBe(0);
  const text = readFileSync(out, 'utf8');
  const bundle = JSON.parse(text) as { settings: { destinations: { webhook: { url: string; timeoutSeconds: number } } } };
  expect(bundle.settings.destinations.webhook).toEqual({ url: 'https://orders.example.com/api/dropstream?code=[REDACTED]&sv=[REDACTED]&sig=[REDACTED]', timeoutSeconds: 30 });
  expect(text).not.toContain(FUNCTION_KEY);
  expect(text).not.toContain(SIGNATURE);
});
