// A drive that fills up under the ledger mid-backfill: the operator is told it is the disk, not
// the network, and once there is room again the import carries on with nothing lost or doubled.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { runCli, setupWithCli } from '../../support/run-cli.ts';

let sim: Simulator;
let dataDir: string;
beforeAll(async () => {
  sim = await startSimulator({ orders: 1_500, seed: 8 });
  dataDir = mkdtempSync(join(tmpdir(), 'ds-full-'));
});
afterAll(async () => {
  await sim.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const env = () => ({ DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 5).toString('base64') });

function ledgerKeys(): string[] {
  const db = new DatabaseSync(join(dataDir, 'ledger.sqlite'), { readOnly: true });
  try {
    return (db.prepare("SELECT order_type || ' ' || order_nbr AS k FROM orders ORDER BY 1").all() as { k: string }[]).map((row) => row.k);
  } finally {
    db.close();
  }
}

describe('a full drive under the ledger', () => {
  it('fails the cycle naming the drive, keeps what was committed, and resumes without doubles once there is room', async () => {
    const setup = await setupWithCli(sim, env());
    expect(setup.code, setup.stderr).toBe(0);
    const settings: [string, string][] = [['orderTypes', 'SO,QT,RC'], ['orderStatuses', 'Open,On Hold,Back Order,Completed,Cancelled'], ['firstRunDays', '31'], ['pageSize', '100']];
    for (const [key, value] of settings) {
      expect((await runCli(['config', 'set', key, value], env())).code).toBe(0);
    }
    const before = statSync(join(dataDir, 'ledger.sqlite')).size;

    // Room for a few pages beyond what the ledger holds now, not for 1,500 orders.
    const full = await runCli(['sync', '--once', '--json'], env(), { maxFileSizeKb: before / 1024 + 300 });
    expect(full.code, full.stderr).toBe(1);
    const failure = (JSON.parse(full.stdout) as { error: { kind: string; message: string; retryable: boolean } }).error;
    expect(failure).toMatchObject({ kind: 'storage', retryable: true });
    expect(failure.message).toMatch(/could not write its ledger \(SQLite: [^)]+\): the drive holding its data folder is full or failing/);
    expect(failure.message).toContain('Nothing already imported is lost');
    const kept = ledgerKeys();
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(1_500);

    // `status` in a new process reads the same reason back from the activity log.
    const status = JSON.parse((await runCli(['status', '--json'], env())).stdout) as { connection: { kind: string; reason?: string; storage?: boolean } };
    expect(status.connection.reason).toMatch(/the drive holding its data folder is full or failing/);
    // …marked as the connector's own storage, so no screen sends the operator to the network.
    expect(status.connection).toMatchObject({ storage: true });

    const resumed = await runCli(['sync', '--once', '--json'], env());
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout) as { orders: { imported: number } };
    expect(report.orders.imported).toBe(1_500 - kept.length);
    expect(ledgerKeys()).toEqual(sim.inspect.orders().map((o) => `${o.orderType} ${o.orderNbr}`).sort());
  });
});
