import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { z } from 'zod';
import type { Shipment } from '../acumatica/domain.ts';
import type { ActivityLog, ActivitySubject } from './activity-log.ts';
import type { RepositoryDeps } from './repository-deps.ts';
import { integer, parseRow, parseRows, text } from './rows.ts';
import {
  SHIPMENT_COLUMNS, packageFromRow, shipmentFromRow, shipmentLineFromRow, shipmentLineRow,
  shipmentOrderRow, shipmentPackageRow, shipmentParams, shipmentRow,
} from './shipment-rows.ts';
import { toEpochMs } from './timestamps.ts';
import type { Transaction } from './transaction.ts';
import type { UpsertResult } from './upsert-result.ts';
import { classifyIncoming, emptyUpsertResult } from './upsert-result.ts';

export interface ShipmentKey {
  shipmentNbr: string;
}

export interface StoredShipment extends Shipment {
  firstImportedAt: number;
  updatedAt: number;
}

const storedVersionRow = z.object({ status: text, last_modified_ms: integer });
const mutableColumns = SHIPMENT_COLUMNS.filter((c) => c !== 'shipment_nbr' && c !== 'first_imported_at');

export class ShipmentRepository {
  readonly #db: DatabaseSync;
  readonly #transaction: Transaction;
  readonly #now: () => number;
  readonly #activity: ActivityLog;
  readonly #selectVersion: StatementSync;
  readonly #insert: StatementSync;
  readonly #update: StatementSync;
  readonly #deleteDetails: StatementSync[];
  readonly #insertLine: StatementSync;
  readonly #insertPackage: StatementSync;
  readonly #insertOrder: StatementSync;

  constructor(deps: RepositoryDeps) {
    this.#db = deps.db;
    this.#transaction = deps.transaction;
    this.#now = deps.now;
    this.#activity = deps.activity;
    const db = deps.db;
    this.#selectVersion = db.prepare('SELECT status, last_modified_ms FROM shipments WHERE shipment_nbr = ?');
    this.#insert = db.prepare(
      `INSERT INTO shipments (${SHIPMENT_COLUMNS.join(', ')}) VALUES (${SHIPMENT_COLUMNS.map((c) => `:${c}`).join(', ')})`,
    );
    this.#update = db.prepare(
      `UPDATE shipments SET ${mutableColumns.map((c) => `${c} = :${c}`).join(', ')} WHERE shipment_nbr = :shipment_nbr`,
    );
    this.#deleteDetails = ['shipment_lines', 'shipment_packages', 'shipment_orders'].map((table) =>
      db.prepare(`DELETE FROM ${table} WHERE shipment_nbr = ?`),
    );
    this.#insertLine = db.prepare(
      `INSERT INTO shipment_lines (shipment_nbr, position, order_type, order_nbr, inventory_id, shipped_qty)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.#insertPackage = db.prepare(
      `INSERT INTO shipment_packages (shipment_nbr, position, package_id, box_id, tracking_nbr, weight)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    // OR IGNORE: Acumatica can list the same order twice on a shipment; the link is a set.
    this.#insertOrder = db.prepare(
      'INSERT OR IGNORE INTO shipment_orders (shipment_nbr, order_type, order_nbr) VALUES (?, ?, ?)',
    );
  }

  /**
   * Stores a page of shipments atomically, like upsertOrders: new and newer versions only; an
   * update replaces lines, packages and order links. Records 'shipment.imported' and
   * 'shipment.status-changed' activity.
   */
  upsertShipments(shipments: readonly Shipment[]): UpsertResult<ShipmentKey> {
    return this.#transaction(() => {
      const result = emptyUpsertResult<ShipmentKey>();
      for (const shipment of shipments) this.#upsertOne(shipment, result);
      return result;
    });
  }

  #upsertOne(shipment: Shipment, result: UpsertResult<ShipmentKey>): void {
    const key = { shipmentNbr: shipment.shipmentNbr };
    const lastModifiedMs = toEpochMs(shipment.lastModified, `Shipment ${shipment.shipmentNbr} lastModified`);
    const storedRaw = this.#selectVersion.get(shipment.shipmentNbr);
    const stored = storedRaw === undefined ? undefined : parseRow(storedVersionRow, storedRaw, 'shipments');
    const now = this.#now();
    const params = { ...shipmentParams(shipment, lastModifiedMs), updated_at: now };
    const subject: ActivitySubject = { type: 'shipment', ...key };

    switch (classifyIncoming(stored?.last_modified_ms, lastModifiedMs)) {
      case 'not-newer':
        result.unchanged += 1;
        return;
      case 'new':
        this.#insert.run({ ...params, first_imported_at: now });
        this.#insertDetails(shipment);
        result.imported += 1;
        result.changes.push({ kind: 'imported', key, status: shipment.status });
        this.#activity.record({
          level: 'info', kind: 'shipment.imported', message: `Imported shipment ${shipment.shipmentNbr} (${shipment.status})`, subject,
        });
        return;
      case 'newer': {
        const previousStatus = stored?.status ?? shipment.status;
        this.#update.run(params);
        for (const statement of this.#deleteDetails) statement.run(shipment.shipmentNbr);
        this.#insertDetails(shipment);
        result.updated += 1;
        result.changes.push({ kind: 'updated', key, status: shipment.status, previousStatus });
        if (previousStatus !== shipment.status) {
          this.#activity.record({
            level: 'info',
            kind: 'shipment.status-changed',
            message: `Shipment ${shipment.shipmentNbr}: ${previousStatus} → ${shipment.status}`,
            details: { previousStatus, status: shipment.status },
            subject,
          });
        }
        return;
      }
    }
  }

  #insertDetails(shipment: Shipment): void {
    const nbr = shipment.shipmentNbr;
    shipment.lines.forEach((line, position) =>
      this.#insertLine.run(nbr, position, line.orderType, line.orderNbr, line.inventoryId, line.shippedQty),
    );
    shipment.packages.forEach((pkg, position) =>
      this.#insertPackage.run(nbr, position, pkg.id, pkg.boxId, pkg.trackingNbr, pkg.weight),
    );
    for (const ref of shipment.orders) this.#insertOrder.run(nbr, ref.orderType, ref.orderNbr);
  }

  countAll(): number {
    return Number(this.#db.prepare('SELECT count(*) AS n FROM shipments').get()?.['n'] ?? 0);
  }

  /** Whether the ledger holds this shipment: the importer keeps following a shipment once it has it. */
  hasShipment(shipmentNbr: string): boolean {
    return this.#selectVersion.get(shipmentNbr) !== undefined;
  }

  getShipment(shipmentNbr: string): StoredShipment | undefined {
    const raw = this.#db.prepare(`SELECT ${SHIPMENT_COLUMNS.join(', ')} FROM shipments WHERE shipment_nbr = ?`).get(shipmentNbr);
    if (raw === undefined) return undefined;
    const row = parseRow(shipmentRow, raw, 'shipments');
    const detail = (sql: string): unknown[] => this.#db.prepare(sql).all(shipmentNbr);
    const lines = parseRows(
      shipmentLineRow,
      detail('SELECT order_type, order_nbr, inventory_id, shipped_qty FROM shipment_lines WHERE shipment_nbr = ? ORDER BY position'),
      'shipment_lines',
    ).map(shipmentLineFromRow);
    const packages = parseRows(
      shipmentPackageRow,
      detail('SELECT package_id, box_id, tracking_nbr, weight FROM shipment_packages WHERE shipment_nbr = ? ORDER BY position'),
      'shipment_packages',
    ).map(packageFromRow);
    const orders = parseRows(
      shipmentOrderRow,
      detail('SELECT order_type, order_nbr FROM shipment_orders WHERE shipment_nbr = ? ORDER BY order_type, order_nbr'),
      'shipment_orders',
    ).map((r) => ({ orderType: r.order_type, orderNbr: r.order_nbr }));
    return {
      ...shipmentFromRow(row, { lines, packages, orders }),
      firstImportedAt: row.first_imported_at,
      updatedAt: row.updated_at,
    };
  }
}
