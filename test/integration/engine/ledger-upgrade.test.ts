// Upgrading a ledger an earlier release left, as it happens on a warehouse PC: the service and a
// command line started together, a drive that fills up half-way.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { holdPollerLease } from '../../../main/engine/poller-lease.ts';
import { LATEST_SCHEMA_VERSION } from '../../../main/store/migrations.ts';
import { PollerLeaseRepository } from '../../../main/store/poller-lease-repository.ts';
import { createTransaction } from '../../../main/store/transaction.ts';
import { schemaVersion, writeOldLedger } from '../../support/old-ledger.ts';
import { runCli } from '../../support/run-cli.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function oldDataDir(version: number, orders: number): { dataDir: string; ledger: string; env: NodeJS.ProcessEnv } {
  const dataDir = mkdtempSync(join(tmpdir(), 'ds-upgrade-'));
  dirs.push(dataDir);
  const ledger = join(dataDir, 'ledger.sqlite');
  writeOldLedger(ledger, version, orders);
  return { dataDir, ledger, env: { DROPSTREAM_DATA_DIR: dataDir, DROPSTREAM_VAULT_KEY: Buffer.alloc(32, 3).toString('base64') } };
}

describe('upgrading an old ledger', () => {
  it('lets processes started together on an old ledger all start: one upgrades, the others wait and find it done', async () => {
    const { ledger, env } = oldDataDir(1, 4_000);
    // Another writer (the service's page, a backup tool) holds the file while they start, so that
    // all of them read version 1 and queue for the write lock, as at a PC's start-up.
    const holder = new DatabaseSync(ledger);
    holder.exec('BEGIN IMMEDIATE');
    const running = Promise.all([1, 2, 3].map(() => runCli(['status', '--json'], env)));
    await delay(2_000);
    holder.exec('ROLLBACK');
    holder.close();
    const results = await running;
    for (const result of results) {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ counts: { ordersTotal: 4_000 } });
    }
    expect(schemaVersion(ledger)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('waits for an upgrade step that holds the ledger longer than the usual busy timeout', async () => {
    const { ledger, env } = oldDataDir(1, 1_000);
    // What a process upgrading a large ledger looks like from beside it: the write lock, held for
    // seconds (migration 4 took 3.8 s for 200,000 orders on the test machine).
    const holder = new DatabaseSync(ledger);
    holder.exec('BEGIN IMMEDIATE');
    const running = runCli(['status', '--json'], env);
    await delay(10_000);
    holder.exec('ROLLBACK');
    holder.close();
    const result = await running;
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(schemaVersion(ledger)).toBe(LATEST_SCHEMA_VERSION);
  });

  it("refuses to upgrade under an older release's service that holds the poller lease, naming it and what to do", async () => {
    // The release before this one, running as the service: its file at its version, its lease held
    // (this test process stands in for it, so its process id exists and its heartbeat is fresh).
    const { dataDir, ledger, env } = oldDataDir(LATEST_SCHEMA_VERSION - 1, 10);
    const older = new DatabaseSync(ledger, { timeout: 5_000 });
    const lease = holdPollerLease(new PollerLeaseRepository(older, createTransaction(older)), 'service', { now: Date.now }, () => undefined);
    lease.setPort(5123);
    try {
      // An admin runs this release's command line against the same folder.
      const status = await runCli(['status', '--json'], env);
      expect(status.code).toBe(1);
      expect(status.stderr).toContain(`status failed: The service ("connector run", process ${process.pid}, port 5123, since `);
      expect(status.stderr).toContain(`has the ledger ${ledger} open and runs an older release of DropStream Connector.`);
      expect(status.stderr).toContain(`This one would upgrade the ledger from schema version ${LATEST_SCHEMA_VERSION - 1} to ${LATEST_SCHEMA_VERSION}`);
      expect(status.stderr).toMatch(/Stop that service first.*, then start this again\. The ledger was left as it was\./);
      expect(schemaVersion(ledger)).toBe(LATEST_SCHEMA_VERSION - 1);
    } finally {
      lease.release();
      older.close();
    }
    // Once the service has stopped, the same command upgrades the file.
    const after = await runCli(['--data-dir', dataDir, 'status', '--json'], env);
    expect(after.stderr).toBe('');
    expect(after.code).toBe(0);
    expect(schemaVersion(ledger)).toBe(LATEST_SCHEMA_VERSION);
  });

  it('stops an upgrade the drive cannot hold with the reason and the version it kept, and finishes it at the next start', async () => {
    const { ledger, env } = oldDataDir(1, 4_000);
    const before = linesOf(ledger);

    // Room for the first steps, not for the copy of the order lines (migration 3).
    const full = await runCli(['status', '--json'], env, { maxFileSizeKb: 256 });
    expect(full.code).toBe(1);
    const kept = schemaVersion(ledger);
    expect(kept).toBeLessThan(LATEST_SCHEMA_VERSION);
    expect(full.stderr).toContain(`Upgrading the ledger ${ledger} from schema version ${kept} to ${kept + 1}`);
    expect(full.stderr).toContain(`the ledger was left as it was, at version ${kept}`);
    expect(full.stderr).toMatch(/the drive holding its data folder is full or failing/);
    expect(full.stderr).not.toMatch(/no transaction is active/);
    expect(linesOf(ledger)).toEqual(before);

    const resumed = await runCli(['status', '--json'], env);
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(schemaVersion(ledger)).toBe(LATEST_SCHEMA_VERSION);
    expect(linesOf(ledger)).toEqual(before);
  });
});

/** Every order line, wherever the file's version keeps them, with the file's integrity. */
function linesOf(path: string): { integrity: unknown; lines: unknown[] } {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const integrity = db.prepare('PRAGMA integrity_check').get()?.['integrity_check'];
    const separate = db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'order_lines'").get()?.['n'] === 1;
    const sql = separate
      ? 'SELECT order_nbr, line_nbr, inventory_id, quantity, unit_price FROM order_lines ORDER BY order_nbr, line_nbr'
      : 'SELECT o.order_nbr, l.value ->> 0 AS line_nbr, l.value ->> 1 AS inventory_id, l.value ->> 3 AS quantity, l.value ->> 6 AS unit_price FROM orders o, json_each(o.lines) l ORDER BY 1, 2';
    return { integrity, lines: db.prepare(sql).all().map((row) => ({ ...row })) };
  } finally {
    db.close();
  }
}
