import { mkdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { closeDatabase, openDatabase } from '../../../main/store/database.ts';
import { openLedger } from '../../../main/store/ledger.ts';
import { LATEST_SCHEMA_VERSION, LedgerTooNewError, MIGRATIONS, migrate } from '../../../main/store/migrations.ts';
import { LedgerRowError } from '../../../main/store/rows.ts';
import { fakeClock, tempDir } from './fixtures.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length > 0) cleanups.pop()?.();
});

function freshPath(): string {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  return join(dir, 'data', 'ledger.sqlite');
}

function pragma(path: string, name: string): unknown {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return db.prepare(`PRAGMA ${name}`).get()?.[name];
  } finally {
    db.close();
  }
}

/** A ledger file as release `version` left it (its migrations applied), open for the test to fill. */
function ledgerAtVersion(version: number): { path: string; db: DatabaseSync } {
  const path = freshPath();
  mkdirSync(dirname(path), { recursive: true });
  const db = new DatabaseSync(path);
  db.exec('PRAGMA auto_vacuum = INCREMENTAL'); // as every ledger was created
  migrate(db, path, fakeClock().now, MIGRATIONS.slice(0, version));
  return { path, db };
}

function hasLineIndex(db: DatabaseSync): boolean {
  return db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'order_lines_by_inventory_id'").get()?.['n'] === 1;
}

describe('opening the ledger', () => {
  it('creates the schema from an empty folder and re-opens without re-applying migrations', () => {
    const path = freshPath();
    const clock = fakeClock();
    openLedger({ path, now: clock.now }).close();
    const reopened = openLedger({ path, now: clock.now });
    reopened.close();

    const db = new DatabaseSync(path, { readOnly: true });
    const version = db.prepare('PRAGMA user_version').get()?.['user_version'];
    const applied = db.prepare('SELECT version, name FROM schema_migrations').all();
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all().map((r) => r['name']);
    db.close();

    expect(version).toBe(LATEST_SCHEMA_VERSION);
    expect(applied).toHaveLength(LATEST_SCHEMA_VERSION);
    expect(tables).not.toContain('order_lines'); // lines live in their order's row since migration 4
    expect(tables).toEqual(
      expect.arrayContaining([
        'orders', 'shipments', 'shipment_lines', 'shipment_packages', 'shipment_orders',
        'stock_items', 'cursors', 'activity_log', 'settings', 'outbox', 'tracking_queue', 'schema_migrations',
      ]),
    );
  });

  it('uses WAL, incremental auto-vacuum, a busy timeout and a file private to the user', () => {
    const path = freshPath();
    const ledger = openLedger({ path, now: fakeClock().now });
    ledger.settings.setSetting('pollSeconds', 60);

    expect(pragma(path, 'journal_mode')).toBe('wal');
    expect(pragma(path, 'auto_vacuum')).toBe(2);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    ledger.close();
  });

  it('enforces foreign keys on the connection it opens: a shipment line cannot exist without its shipment', () => {
    const db = openDatabase(freshPath(), fakeClock().now);
    expect(db.prepare('PRAGMA foreign_keys').get()?.['foreign_keys']).toBe(1);
    expect(db.prepare('PRAGMA busy_timeout').get()?.['timeout']).toBeGreaterThanOrEqual(1000);
    expect(() =>
      db.prepare("INSERT INTO shipment_lines (shipment_nbr, position, shipped_qty) VALUES ('NOPE', 0, 1)").run(),
    ).toThrow(/FOREIGN KEY/);
    closeDatabase(db);
  });

  it("keeps an order's lines a JSON array: the file refuses other text, the reader other shapes", () => {
    const path = freshPath();
    const db = openDatabase(path, fakeClock().now);
    const insert = (orderNbr: string, lines: string) =>
      db.exec(`INSERT INTO orders (order_type, order_nbr, acumatica_id, status, last_modified, last_modified_ms, first_imported_at, updated_at, lines)
               VALUES ('SO', '${orderNbr}', 'id', 'Open', '2026-11-28T10:00:00+00:00', 0, 0, 0, '${lines}')`);
    expect(() => insert('CUT', '[[1,"SKU"')).toThrow(/CHECK constraint/);
    expect(() => insert('OBJECT', '{"lineNbr":1}')).toThrow(/CHECK constraint/);
    // Valid JSON of the wrong shape gets past the file but not the reader, which names the order.
    insert('SHORT', '[[1,"SKU"]]');
    closeDatabase(db);

    const ledger = openLedger({ path, now: fakeClock().now });
    expect(() => ledger.orders.getOrder({ orderType: 'SO', orderNbr: 'SHORT' })).toThrow(LedgerRowError);
    expect(() => ledger.orders.getOrder({ orderType: 'SO', orderNbr: 'SHORT' })).toThrow(/the lines of SO SHORT/);
    ledger.close();
  });

  it('refuses a file written by a newer release, with a message that says so', () => {
    const path = freshPath();
    openLedger({ path, now: fakeClock().now }).close();
    const db = new DatabaseSync(path);
    db.exec(`PRAGMA user_version = ${LATEST_SCHEMA_VERSION + 5}`);
    db.close();

    expect(() => openLedger({ path, now: fakeClock().now })).toThrow(LedgerTooNewError);
    expect(() => openLedger({ path, now: fakeClock().now })).toThrow(/newer release/);
  });

  it('rolls a failing migration back entirely and keeps the previous version', () => {
    const path = freshPath();
    openLedger({ path, now: fakeClock().now }).close(); // creates the folder
    const db = new DatabaseSync(join(path, '..', 'scratch.sqlite'));
    const broken = [
      { version: 1, name: 'good', sql: 'CREATE TABLE a (x INTEGER)' },
      { version: 2, name: 'bad', sql: 'CREATE TABLE b (y INTEGER); INSERT INTO nowhere VALUES (1)' },
    ];
    expect(() => migrate(db, path, fakeClock().now, broken)).toThrow(/from schema version 1 to 2 \(bad\) failed, and the ledger was left as it was, at version 1.*Reason: no such table: nowhere/);
    expect(db.prepare('PRAGMA user_version').get()?.['user_version']).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'b'").get()?.['n']).toBe(0);
    db.close();
  });

  it('upgrades a version-1 ledger in place: its orders stay, the unused line index goes', () => {
    const path = freshPath();
    mkdirSync(dirname(path), { recursive: true });
    // A file as the first release left it: only migration 1 applied.
    const db = new DatabaseSync(path);
    migrate(db, path, fakeClock().now, MIGRATIONS.slice(0, 1));
    db.exec(`INSERT INTO orders (order_type, order_nbr, acumatica_id, status, last_modified, last_modified_ms, first_imported_at, updated_at)
             VALUES ('SO', 'SO000001', 'id-1', 'Open', '2026-11-28T10:00:00+00:00', 0, 0, 0)`);
    db.exec("INSERT INTO order_lines (order_type, order_nbr, line_nbr, inventory_id, quantity) VALUES ('SO', 'SO000001', 1, 'SKU-1', 2)");
    expect(hasLineIndex(db)).toBe(true);
    db.close();

    const ledger = openLedger({ path, now: fakeClock().now });
    expect(ledger.orders.getOrder({ orderType: 'SO', orderNbr: 'SO000001' })?.order.lines.map((line) => line.inventoryId)).toEqual(['SKU-1']);
    ledger.close();
    expect(pragma(path, 'user_version')).toBe(LATEST_SCHEMA_VERSION);
    const reopened = new DatabaseSync(path, { readOnly: true });
    expect(hasLineIndex(reopened)).toBe(false);
    reopened.close();
  });

  it('upgrades a version-2 ledger in place: its lines move into their orders, in line order; orphans go', () => {
    const path = freshPath();
    mkdirSync(dirname(path), { recursive: true });
    const db = new DatabaseSync(path);
    db.exec('PRAGMA auto_vacuum = INCREMENTAL'); // as every ledger was created
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db, path, fakeClock().now, MIGRATIONS.slice(0, 2));
    db.exec(`INSERT INTO orders (order_type, order_nbr, acumatica_id, status, last_modified, last_modified_ms, first_imported_at, updated_at)
             VALUES ('SO', 'SO000001', 'id-1', 'Open', '2026-11-28T10:00:00+00:00', 0, 0, 0),
                    ('SO', 'SO000002', 'id-2', 'Open', '2026-11-28T10:00:00+00:00', 0, 0, 0)`);
    db.exec(`INSERT INTO order_lines (order_type, order_nbr, line_nbr, inventory_id, description, quantity, uom, warehouse_id, unit_price)
             VALUES ('SO', 'SO000001', 2, 'SKU-2', NULL, 1, 'EA', 'MAIN', 9.5), ('SO', 'SO000001', 1, 'SKU-1', 'Widget "large"', 2.5, 'BOX', NULL, NULL)`);
    // A line without its order (a file edited with foreign keys off) must not stop the upgrade.
    db.exec('PRAGMA foreign_keys = OFF');
    db.exec("INSERT INTO order_lines (order_type, order_nbr, line_nbr, inventory_id, quantity) VALUES ('SO', 'GONE', 1, 'SKU-9', 1)");
    db.close();

    const ledger = openLedger({ path, now: fakeClock().now });
    expect(ledger.orders.getOrder({ orderType: 'SO', orderNbr: 'SO000001' })?.order.lines).toEqual([
      { lineNbr: 1, inventoryId: 'SKU-1', description: 'Widget "large"', quantity: 2.5, uom: 'BOX', warehouseId: null, unitPrice: null },
      { lineNbr: 2, inventoryId: 'SKU-2', description: null, quantity: 1, uom: 'EA', warehouseId: 'MAIN', unitPrice: 9.5 },
    ]);
    expect(ledger.orders.getOrder({ orderType: 'SO', orderNbr: 'SO000002' })?.order.lines).toEqual([]);
    expect(ledger.orders.listOrders({ limit: 10 }).orders.map((o) => [o.orderNbr, o.lineCount])).toEqual([
      ['SO000001', 2],
      ['SO000002', 0],
    ]);
    ledger.close();
    expect(pragma(path, 'user_version')).toBe(LATEST_SCHEMA_VERSION);

    const reopened = new DatabaseSync(path, { readOnly: true });
    expect(reopened.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'order_lines'").get()?.['n']).toBe(0);
    // The old table's pages went back to the file system with the upgrade, not at the next prune.
    expect(reopened.prepare('PRAGMA freelist_count').get()?.['freelist_count']).toBe(0);
    // What an admin's own query sees: one positional array per line (see linesJson).
    expect(reopened.prepare("SELECT l.value ->> 1 AS sku FROM orders o, json_each(o.lines) l WHERE o.order_nbr = 'SO000001'").all().map((r) => r['sku'])).toEqual(['SKU-1', 'SKU-2']);
    reopened.close();
  });

  it('upgrades a version-4 ledger whose caFile or inbox folder was relative: cleared and reported, full paths kept', () => {
    const path = freshPath();
    mkdirSync(dirname(path), { recursive: true });
    const db = new DatabaseSync(path);
    migrate(db, path, fakeClock().now, MIGRATIONS.slice(0, 4));
    const set = db.prepare('INSERT INTO settings (key, value, updated_at) VALUES (?, ?, 0)');
    set.run('caFile', JSON.stringify('certs/ca.pem'));
    set.run('trackingInboxDir', JSON.stringify('C:\\Shipping\\Inbox'));
    set.run('pollIntervalSeconds', '120');
    db.close();

    const ledger = openLedger({ path, now: fakeClock().now });
    try {
      const stored = (key: string) => ledger.settings.getSetting(key, z.unknown());
      expect(stored('caFile')).toBeNull();
      expect(stored('trackingInboxDir')).toBe('C:\\Shipping\\Inbox');
      expect(stored('pollIntervalSeconds')).toBe(120);
      const [entry, ...others] = ledger.activity.listKindSince('settings.relative-path-cleared', 0);
      expect(others).toEqual([]);
      expect(entry).toMatchObject({ level: 'warn', message: expect.stringMatching(/caFile setting held the relative path "certs\/ca\.pem".*set it again as a full path/) });
    } finally {
      ledger.close();
    }
  });

  it("upgrades a version-5 ledger to outbox status 'dropped': its jobs, their numbers and the job counter stay", () => {
    const { path, db } = ledgerAtVersion(5);
    const job = db.prepare(`INSERT INTO outbox (id, entity, record_key, idempotency_key, destination, status, attempts, next_attempt_at, last_error, created_at, updated_at)
                            VALUES (?, 'order', ?, ?, ?, ?, ?, 5, ?, 1, 2)`);
    job.run(7, 'SO/SO1', 'order:SO/SO1@A', 'webhook', 'pending', 0, null);
    job.run(8, 'SO/SO2', 'order:SO/SO2@A', 'folder', 'parked', 10, 'Gave up after 10 attempts');
    job.run(9, 'SO/SO3', 'order:SO/SO3@A', 'webhook', 'delivered', 1, null);
    job.run(12, 'SO/SO4', 'order:SO/SO4@A', 'webhook', 'delivered', 1, null);
    db.exec('DELETE FROM outbox WHERE id = 12'); // pruned: its number is still taken
    expect(() => db.exec("UPDATE outbox SET status = 'dropped' WHERE id = 7")).toThrow(/CHECK constraint failed/);
    db.close();

    const ledger = openLedger({ path, now: fakeClock().now });
    try {
      expect(ledger.outbox.countByStatus()).toEqual({ pending: 1, parked: 1, delivered: 1, dropped: 0 });
      expect(ledger.outbox.listByStatus('parked', 5)).toMatchObject([{ id: 8, destination: 'folder', attempts: 10, lastError: 'Gave up after 10 attempts', nextAttemptAt: 5, createdAt: 1, updatedAt: 2 }]);
      expect(ledger.outbox.enqueue({ entity: 'order', orderType: 'SO', orderNbr: 'SO5', lastModified: 'A' }, 'webhook')).toEqual({ enqueued: true, id: 13 });
      expect(ledger.outbox.enqueue({ entity: 'order', orderType: 'SO', orderNbr: 'SO1', lastModified: 'A' }, 'webhook')).toEqual({ enqueued: false, id: 7 });
      expect(ledger.outbox.dropOwed('folder', 'removed')).toBe(1);
      expect(ledger.outbox.statusOf(8)).toBe('dropped');
    } finally {
      ledger.close();
    }
    const reopened = new DatabaseSync(path, { readOnly: true });
    const indexes = reopened.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'outbox' AND sql IS NOT NULL ORDER BY name").all();
    expect(indexes.map((row) => row['name'])).toEqual(['outbox_by_record', 'outbox_due']);
    expect(reopened.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'outbox_with_dropped'").get()?.['n']).toBe(0);
    reopened.close();
  });

  it('upgrades a version-8 ledger: the stock items waiting for a lookup leave the cursors for a table of their own', () => {
    const { path, db } = ledgerAtVersion(8);
    const cursor = db.prepare('INSERT INTO cursors (entity, value, updated_at) VALUES (?, ?, 1)');
    cursor.run('StockItem:lookups', JSON.stringify(['CABLE-1', 'DESK-9', 'CABLE-1', 42]));
    cursor.run('Shipment', '{"since":"2026-11-01T00:00:00.000Z","pass":null}');
    db.close();

    const ledger = openLedger({ path, now: fakeClock().now });
    try {
      expect(ledger.pendingLookups.list()).toEqual(['CABLE-1', 'DESK-9']);
      expect(ledger.cursors.listCursors().map((c) => c.entity)).toEqual(['Shipment']);
    } finally {
      ledger.close();
    }
  });

  it('drops an unreadable waiting list when it upgrades, as reading it always did', () => {
    const { path, db } = ledgerAtVersion(8);
    db.prepare("INSERT INTO cursors (entity, value, updated_at) VALUES ('StockItem:lookups', '[\"CABLE-1\"', 1)").run();
    db.close();

    const ledger = openLedger({ path, now: fakeClock().now });
    try {
      expect(ledger.pendingLookups.count()).toBe(0);
      expect(ledger.cursors.listCursors()).toEqual([]);
    } finally {
      ledger.close();
    }
  });

  it("upgrades a version-9 ledger to tracking status 'dismissed': its numbers, their ids and the counter stay", () => {
    const { path, db } = ledgerAtVersion(9);
    const row = db.prepare(`INSERT INTO tracking_queue (id, shipment_nbr, order_type, order_nbr, tracking_nbr, carrier, weight, box_id, status, attempts, error, created_at, updated_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 2)`);
    row.run(3, 'SH1', null, null, '1ZA', 'UPS', 1.5, 'LARGE', 'queued', 0, null);
    row.run(4, null, 'SO', 'SO9', '1ZB', null, null, null, 'failed', 3, 'Shipment does not exist');
    row.run(5, 'SH2', null, null, '1ZC', null, null, null, 'posted', 1, null);
    row.run(8, 'SH3', null, null, '1ZD', null, null, null, 'posted', 1, null);
    db.exec('DELETE FROM tracking_queue WHERE id = 8'); // pruned: its number is still taken
    expect(() => db.exec("UPDATE tracking_queue SET status = 'dismissed' WHERE id = 4")).toThrow(/CHECK constraint failed/);
    db.close();

    const ledger = openLedger({ path, now: fakeClock().now });
    try {
      expect(ledger.tracking.countByStatus()).toEqual({ queued: 1, posted: 1, failed: 1, dismissed: 0 });
      expect(ledger.tracking.listByStatus('queued', 5)).toMatchObject([{ id: 3, target: { kind: 'shipment', shipmentNbr: 'SH1' }, carrier: 'UPS', weight: 1.5, boxId: 'LARGE', createdAt: 1, updatedAt: 2 }]);
      expect(ledger.tracking.dismissFailed(4, 'Dismissed.')).toMatchObject({ id: 4, status: 'dismissed', error: 'Dismissed. Last error: Shipment does not exist', target: { kind: 'order', orderType: 'SO', orderNbr: 'SO9' } });
      expect(ledger.tracking.dismissFailed(3, 'Dismissed.')).toBeNull(); // queued, not failed
      expect(ledger.tracking.enqueue({ target: { kind: 'shipment', shipmentNbr: 'SH4' }, trackingNbr: '1ZE' })).toEqual({ queued: true, id: 9 });
      // The generated key and the UNIQUE rule came along: the same number for the same order is one row.
      expect(ledger.tracking.enqueue({ target: { kind: 'order', orderType: 'SO', orderNbr: 'SO9' }, trackingNbr: '1ZB' })).toEqual({ queued: false, id: 4 });
    } finally {
      ledger.close();
    }
    const reopened = new DatabaseSync(path, { readOnly: true });
    const indexes = reopened.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tracking_queue' AND sql IS NOT NULL ORDER BY name").all();
    expect(indexes.map((entry) => entry['name'])).toEqual(['tracking_queue_by_status']);
    expect(reopened.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'tracking_queue_with_dismissed'").get()?.['n']).toBe(0);
    reopened.close();
  });

  it('close() is safe to call twice and leaves no WAL behind', () => {
    const path = freshPath();
    const ledger = openLedger({ path, now: fakeClock().now });
    ledger.settings.setSetting('theme', 'dark');
    ledger.close();
    ledger.close();
    expect(statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0).toBe(0);
  });

  it('close() still closes, without an error, when another process holds the write lock (a command beside the service)', () => {
    const path = freshPath();
    const ledger = openLedger({ path, now: fakeClock().now });
    // What a `status` reads, so that PRAGMA optimize has statistics to write at close.
    ledger.orders.listOrders({ limit: 10, search: 'x' });
    ledger.counts();
    const holder = new DatabaseSync(path);
    holder.exec('BEGIN IMMEDIATE');
    try {
      expect(() => ledger.close()).not.toThrow();
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    // Closed for good: the next open has the file to itself.
    expect(() => openLedger({ path, now: fakeClock().now }).close()).not.toThrow();
  });
});
