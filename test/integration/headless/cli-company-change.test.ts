// `connector setup` towards another Acumatica company once orders were imported: exit 2 with the
// question in flag words; --new-company starts the ledger over (after a copy), --same-company keeps it.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { runCli, setupWithCli } from '../../support/run-cli.ts';

let sandbox: Simulator;
let production: Simulator;
let dataDir: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  [sandbox, production] = await Promise.all([startSimulator({ orders: 20, seed: 3 }), startSimulator({ orders: 20, seed: 4, tenant: 'Production' })]);
  dataDir = mkdtempSync(join(tmpdir(), 'ds-cli-company-'));
  env = { DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 5).toString('base64') };
});
afterAll(async () => {
  await Promise.all([sandbox.stop(), production.stop()]);
  rmSync(dataDir, { recursive: true, force: true });
});

const setupFor = (sim: Simulator, ...flags: string[]) =>
  runCli(['setup', '--instance-url', sim.baseUrl, '--client-id', sim.credentials.clientId, '--username', sim.credentials.username, ...flags], {
    ...env,
    DROPSTREAM_CLIENT_SECRET: sim.credentials.clientSecret,
    DROPSTREAM_PASSWORD: sim.credentials.password,
  });

describe('connector setup moving to another company', () => {
  it('asks with exit 2, then --new-company starts over from a copy and --same-company keeps the ledger', async () => {
    expect((await setupWithCli(sandbox, env)).code).toBe(0);
    const synced = await runCli(['sync', '--once', '--json'], env);
    expect(synced.code, synced.stderr).toBe(0);
    const imported = (JSON.parse(synced.stdout) as { orders: { imported: number } }).orders.imported;
    expect(imported).toBeGreaterThan(0);

    const asked = await setupFor(production);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(new RegExp(`this connector holds ${imported} orders and \\d+ shipments from .* \\(tenant Company\\), and .* \\(tenant Production\\) may be another Acumatica company`));
    expect(asked.stderr).toMatch(/If it is the same company at a new address, run setup again with --same-company\. If it is another company, run it with --new-company/);
    expect((await runCli(['config', 'get', 'instanceUrl'], env)).stdout.trim()).toBe(sandbox.baseUrl);
    expect((await setupFor(production, '--same-company', '--new-company')).stderr).toMatch(/Give --same-company or --new-company, not both/);

    const moved = await setupFor(production, '--new-company');
    expect(moved.code, moved.stderr).toBe(0);
    expect(readdirSync(dataDir).filter((name) => name.startsWith('ledger-before-company-change-'))).toHaveLength(1);
    const fresh = JSON.parse((await runCli(['sync', '--once', '--json'], env)).stdout) as { orders: { imported: number } };
    const orders = JSON.parse((await runCli(['orders', '--json', '--limit', '1000'], env)).stdout) as { orderNbr: string; customerId: string }[];
    expect(orders).toHaveLength(fresh.orders.imported);
    for (const order of orders) expect(order.customerId).toBe(production.inspect.order('SO', order.orderNbr)?.customerId);

    // Back to the sandbox under the same company's name: nothing is cleared.
    const kept = await setupFor(sandbox, '--same-company');
    expect(kept.code, kept.stderr).toBe(0);
    expect(JSON.parse((await runCli(['orders', '--json', '--limit', '1000'], env)).stdout)).toHaveLength(orders.length);
  }, 90_000); // eleven commands, each its own process: over the default limit on a loaded 2-core machine
});
