import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst } from '../../support/engine-harness.ts';
import { runCli, startCli } from '../../support/run-cli.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ orders: 6_000, seed: 4 });
});
afterAll(() => sim.stop());

const ALL = { orderTypes: ['SO', 'QT', 'RC'], orderStatuses: ['Open', 'On Hold', 'Back Order', 'Completed', 'Cancelled'] };

function ledgerKeys(path: string): string[] {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return (db.prepare('SELECT order_type || \' \' || order_nbr AS k FROM orders ORDER BY 1').all() as { k: string }[]).map((row) => row.k);
  } finally {
    db.close();
  }
}
const simKeys = () => sim.inspect.orders().map((o) => `${o.orderType} ${o.orderNbr}`).sort();

describe('backfill and crash recovery', () => {
  it('backfills 6,000 orders of every type and status exactly once', async () => {
    const engine = await engineAgainst(sim, ALL);
    try {
      engine.connector.applySettings({ firstRunDays: 31 });
      const report = await engine.connector.syncOnce();
      expect(report.orders.imported).toBe(6_000);
      expect(ledgerKeys(engine.connector.ledger.path)).toEqual(simKeys());
      expect(report.tokenGrants).toEqual({ password: 1, refresh: 0 });
      // Pages of 500 per order type, plus shipments, stock items, SKU lookups, discovery, token.
      expect(report.requests).toBeLessThan(40);
    } finally {
      await engine.dispose();
    }
  });

  it('a process killed with SIGKILL mid-backfill resumes after its last committed page: nothing lost, nothing doubled', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ds-crash-'));
    const env = { DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 3).toString('base64') };
    const secrets = { DROPSTREAM_CLIENT_SECRET: sim.credentials.clientSecret, DROPSTREAM_PASSWORD: sim.credentials.password };
    const setup = await runCli(['setup', '--instance-url', sim.baseUrl, '--client-id', sim.credentials.clientId, '--username', sim.credentials.username], { ...env, ...secrets });
    expect(setup.code, setup.stderr).toBe(0);
    for (const [key, value] of [['orderTypes', 'SO'], ['orderStatuses', ALL.orderStatuses.join(',')], ['firstRunDays', '31'], ['pageSize', '100'], ['requestsPerMinute', '2000']]) {
      expect((await runCli(['config', 'set', key!, value!], env)).code).toBe(0);
    }
    // Slow pages so the kill lands mid-pass, after some pages have committed.
    const slow = sim.faults.latency(120, { path: /SalesOrder$/, times: Infinity });
    sim.inspect.clearRequests();
    const victim = startCli(['sync', '--once'], env);
    // Killed once its first page has committed, however long it took to start on a busy machine
    // (a fixed delay found nothing committed yet when other work shared the cores).
    const deadline = Date.now() + 30_000;
    while (ledgerKeys(join(dataDir, 'ledger.sqlite')).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 25));
    victim.kill('SIGKILL');
    await new Promise((resolve) => victim.once('close', resolve));
    slow.remove();

    const committed = ledgerKeys(join(dataDir, 'ledger.sqlite'));
    const expected = sim.inspect.orders().filter((o) => o.orderType === 'SO').map((o) => `SO ${o.orderNbr}`).sort();
    expect(committed.length).toBeGreaterThan(0);
    expect(committed.length).toBeLessThan(expected.length);
    const pagesBefore = sim.inspect.count({ path: /SalesOrder$/ });

    const resumed = await runCli(['sync', '--once', '--json'], env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout) as { orders: { imported: number; updated: number } };
    expect(ledgerKeys(join(dataDir, 'ledger.sqlite'))).toEqual(expected);
    expect(report.orders.imported + committed.length).toBe(expected.length);
    expect(report.orders.updated).toBe(0);
    // It resumed after the last committed key instead of starting the pass over.
    const pagesAfter = sim.inspect.count({ path: /SalesOrder$/ }) - pagesBefore;
    expect(pagesAfter).toBeLessThanOrEqual(Math.ceil((expected.length - committed.length) / 100) + 1);
  });
});
