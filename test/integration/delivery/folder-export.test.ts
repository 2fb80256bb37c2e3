// Folder export: files appear whole or not at all, under names from the idempotency key, a
// re-delivery rewrites the same file, and temporary files a crash left behind are cleared.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportFileName, FolderDestination, isTemporaryExport, STALE_TEMPORARY_EXPORT_MS } from '../../../main/delivery/folder-destination.ts';
import { enqueueChanges, OutboxWorker } from '../../../main/delivery/outbox.ts';
import { DeliveryPayload, orderPayload, shipmentPayload } from '../../../main/delivery/payload.ts';
import { openLedger, type Ledger } from '../../../main/store/index.ts';
import { fakeClock, makeOrder, makeShipment } from '../../unit/store/fixtures.ts';

let dir: string;
let ledger: Ledger;
const clock = fakeClock();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ds-export-'));
  ledger = openLedger({ path: ':memory:', now: clock.now });
});
afterEach(() => {
  ledger.close();
  rmSync(dir, { recursive: true, force: true });
});

const order = { ...makeOrder(), firstImportedAt: 0, updatedAt: 0 };

describe('folder export', () => {
  it('writes one JSON file per record version, named from the idempotency key with safe characters only', async () => {
    ledger.transaction(() => {
      ledger.orders.upsertOrders([makeOrder()]);
      ledger.shipments.upsertShipments([makeShipment()]);
      enqueueChanges(ledger, ['folder'], {
        orders: [{ orderType: 'SO', orderNbr: 'SO001234', lastModified: makeOrder().lastModified }],
        shipments: [{ shipmentNbr: 'SH000101', lastModified: makeShipment().lastModified }],
      });
    });
    const out = join(dir, 'out');
    mkdirSync(out);
    const result = await new OutboxWorker({ ledger, destinations: [new FolderDestination({ path: out, format: 'json' })] }).runOnce({ now: clock.now() });
    expect(result.delivered).toBe(2);
    const files = readdirSync(out).sort();
    expect(files).toEqual(['order_SO_SO001234_2026-11-28T10_15_30.457-05_00.json', 'shipment_SH000101_2026-11-29T09_00_00.000-05_00.json']);
    const payload = DeliveryPayload.parse(JSON.parse(readFileSync(join(out, files[0]!), 'utf8')));
    expect(payload).toMatchObject({ schemaVersion: 1, entity: 'order', order: { orderNbr: 'SO001234', lines: [{ inventoryId: 'JACKET-L' }, { inventoryId: 'GLOVES-M' }] } });
  });

  it('CSV: a BOM, a header, one row per line, quoting commas, quotes and newlines', async () => {
    const tricky = { ...order, description: 'x', shipToContact: { ...order.shipToContact, businessName: 'Casco "Outfitters", Inc.\nDock 4' } };
    await new FolderDestination({ path: dir, format: 'csv' }).deliver(orderPayload(tricky, []));
    const [file] = readdirSync(dir);
    const text = readFileSync(join(dir, file!), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text).toContain('\r\n');
    const rows: Record<string, string>[] = parse(text, { bom: true, columns: true });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ OrderNbr: 'SO001234', ShipToName: 'Casco "Outfitters", Inc.\nDock 4', InventoryID: 'JACKET-L', Quantity: '4' });
    expect(rows[1]).toMatchObject({ LineNbr: '2', UnitPrice: '12' });
  });

  it('CSV: a ship-to name or address that would run as a spreadsheet formula is written as text', async () => {
    const hostile = { ...order, shipToContact: { ...order.shipToContact, businessName: '=HYPERLINK("http://evil.example","Invoice")', phone: '+1 555-0100' }, shipTo: { ...order.shipTo, addressLine2: "@SUM(1+1)*cmd|' /C calc'!A0" } };
    await new FolderDestination({ path: dir, format: 'csv' }).deliver(orderPayload(hostile, []));
    const rows: Record<string, string>[] = parse(readFileSync(join(dir, readdirSync(dir)[0]!), 'utf8'), { bom: true, columns: true });
    expect(rows[0]).toMatchObject({ ShipToName: `'=HYPERLINK("http://evil.example","Invoice")`, AddressLine2: "'@SUM(1+1)*cmd|' /C calc'!A0", Phone: '+1 555-0100', OrderNbr: 'SO001234' });
  });

  it('shipment CSV has one row per package', async () => {
    const shipment = { ...makeShipment({ packages: [{ id: 'p1', boxId: 'LARGE', trackingNbr: '1Z1', weight: 2 }, { id: 'p2', boxId: 'SMALL', trackingNbr: null, weight: null }] }), firstImportedAt: 0, updatedAt: 0 };
    await new FolderDestination({ path: dir, format: 'csv' }).deliver(shipmentPayload(shipment));
    const rows: Record<string, string>[] = parse(readFileSync(join(dir, readdirSync(dir)[0]!), 'utf8'), { bom: true, columns: true });
    expect(rows.map((r) => [r['BoxID'], r['TrackingNbr'], r['Orders']])).toEqual([['LARGE', '1Z1', 'SO SO001234'], ['SMALL', '', 'SO SO001234']]);
  });

  it('a reader polling the folder never sees a partial file or a temporary file under a final name', async () => {
    const destination = new FolderDestination({ path: dir, format: 'json' });
    const big = { ...order, lines: Array.from({ length: 400 }, (_, i) => ({ ...order.lines[0]!, lineNbr: i + 1 })) };
    let stop = false;
    const seen = new Set<string>();
    let partial = 0;
    const poller = (async () => {
      while (!stop) {
        for (const name of readdirSync(dir)) {
          if (isTemporaryExport(name)) continue;
          seen.add(name);
          expect(name.endsWith('.json')).toBe(true);
          try {
            const parsed = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { order: { lines: unknown[] } };
            if (parsed.order.lines.length !== 400) partial += 1;
          } catch {
            partial += 1;
          }
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    for (let i = 0; i < 15; i++) {
      await destination.deliver(orderPayload({ ...big, orderNbr: `SO${String(i).padStart(6, '0')}` }, []));
      // A re-delivery (after a crash) replaces the file atomically too.
      await destination.deliver(orderPayload({ ...big, orderNbr: `SO${String(i).padStart(6, '0')}` }, []));
    }
    stop = true;
    await poller;
    expect(partial).toBe(0);
    expect(seen.size).toBeGreaterThan(0);
    expect(readdirSync(dir)).toHaveLength(15);
    expect(readdirSync(dir).some(isTemporaryExport)).toBe(false);
  });

  it('a folder that cannot be written is a retry with the reason', async () => {
    await new FolderDestination({ path: dir, format: 'json' }).deliver(orderPayload(order, []));
    const [existing] = readdirSync(dir); // a file where the folder should be
    const outcome = await new FolderDestination({ path: join(dir, existing!, 'sub'), format: 'json' }).deliver(orderPayload(order, []));
    expect(outcome).toEqual({ kind: 'retry', error: expect.stringMatching(/^Could not write .*: part of the export folder's path .* is a file, not a folder\.$/) });
  });

  it('never creates a missing export folder: a share that is not connected is reported, not filled on this disk', async () => {
    const share = join(dir, 'mnt', 'shipping');
    const outcome = await new FolderDestination({ path: share, format: 'json' }).deliver(orderPayload(order, []));
    expect(outcome).toEqual({
      kind: 'retry',
      error: `Could not write ${exportFileName(orderPayload(order, []), 'json')}: the export folder ${share} does not exist. If it is on a network share or another drive, check that it is connected; otherwise create the folder. The connector does not create it, so that exports never land on this PC's own disk instead.`,
    });
    expect(existsSync(join(dir, 'mnt'))).toBe(false);
    // Once it is there (the share connected), the retry writes.
    mkdirSync(share, { recursive: true });
    expect(await new FolderDestination({ path: share, format: 'json' }).deliver(orderPayload(order, []))).toMatchObject({ kind: 'delivered' });
  });

  it('its first delivery removes the temporary exports a crash left, sparing fresh ones and other files', async () => {
    const file = (name: string, ageMs: number): string => {
      writeFileSync(join(dir, name), '{"half": ');
      const at = new Date(clock.now() - ageMs);
      utimesSync(join(dir, name), at, at);
      return name;
    };
    const crashed = file('.order_SO_SO000001_2026-11-28T10_15_30.457-05_00.json.0123456789ab.tmp', STALE_TEMPORARY_EXPORT_MS + 60_000);
    const crashedLongAgo = file('.shipment_SH000101_2026-11-29T09_00_00.000-05_00.csv.ba9876543210.tmp', 30 * 24 * 3_600_000);
    const beingWritten = file('.order_SO_SO000002_2026-11-28T10_15_30.457-05_00.json.aaaaaaaaaaaa.tmp', STALE_TEMPORARY_EXPORT_MS - 60_000);
    const notOurs = [file('.shipping-app.tmp', 30 * 24 * 3_600_000), file('picked-up-later.json', 30 * 24 * 3_600_000)];
    mkdirSync(join(dir, '.archive.0123456789ab.tmp')); // a folder, whatever its name

    const destination = new FolderDestination({ path: dir, format: 'json' }, { now: clock.now });
    expect(await destination.deliver(orderPayload(order, []))).toMatchObject({ kind: 'delivered' });

    const left = readdirSync(dir);
    expect(left).not.toContain(crashed);
    expect(left).not.toContain(crashedLongAgo);
    expect(left.sort()).toEqual([beingWritten, ...notOurs, '.archive.0123456789ab.tmp', 'order_SO_SO001234_2026-11-28T10_15_30.457-05_00.json'].sort());
  });
});
