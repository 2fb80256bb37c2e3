// A poller whose ledger a newer release upgraded under it (one that started before the newer
// release's refusal, main/engine/upgrade-guard.ts, existed, or slipped in between its open and its
// claim) stops syncing and says why, instead of writing with the old schema's assumptions.
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ledgerPath } from '../../../main/engine/data-dir.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, migrate, type Migration } from '../../../main/store/migrations.ts';
import { startSimulator, type Simulator } from '../../acumatica-sim/index.ts';
import { engineAgainst } from '../../support/engine-harness.ts';

/** The next release's first migration, as far as this one can know it. */
const NEXT: Migration = { version: LATEST_SCHEMA_VERSION + 1, name: 'a later release', sql: 'CREATE TABLE later_release (x INTEGER)' };

let sim: Simulator;
beforeEach(async () => {
  sim = await startSimulator({ orders: 30 });
});
afterEach(async () => {
  await sim.stop();
});

function upgradeAsNextRelease(dataDir: string): void {
  const path = ledgerPath(dataDir);
  const db = new DatabaseSync(path, { timeout: 5_000 });
  try {
    migrate(db, path, Date.now, [...MIGRATIONS, NEXT]);
  } finally {
    db.close();
  }
}

it('stops polling, imports nothing more and says why when a newer release upgraded its ledger', async () => {
  const engine = await engineAgainst(sim);
  try {
    const { connector } = engine;
    const ended: string[] = [];
    connector.claimPolling('service', (message) => ended.push(message));
    connector.start();
    upgradeAsNextRelease(engine.dataDir);

    const outcome = await connector.syncNow();
    expect(outcome).toEqual({ ok: false, retryable: false });
    expect(connector.ledger.orders.countAll()).toBe(0);
    const message =
      `The ledger ${ledgerPath(engine.dataDir)} was upgraded to schema version ${LATEST_SCHEMA_VERSION + 1} by a newer release of DropStream Connector ` +
      `while this one, which knows versions up to ${LATEST_SCHEMA_VERSION}, had it open. This one stopped syncing: stop it, and start the newer release instead.`;
    expect(ended).toEqual([message]);
    const status = connector.status();
    expect(status.nextSyncAt).toBeNull();
    expect(status.connection).toMatchObject({ reason: message, storage: true });
    // A later Save (which calls start()) does not bring the poller back.
    connector.start();
    expect(connector.status().nextSyncAt).toBeNull();
  } finally {
    await engine.dispose();
  }
});

it('refuses the lease to a poller whose ledger was upgraded between its open and its claim', async () => {
  const engine = await engineAgainst(sim);
  try {
    upgradeAsNextRelease(engine.dataDir);
    expect(() => engine.connector.claimPolling('service', () => undefined)).toThrow(/was upgraded to schema version .* by a newer release of DropStream Connector/);
  } finally {
    await engine.dispose();
  }
});
