// One sync cycle: every order-type partition, then shipments, then the stock items the orders
// use. Each page is stored together with its cursor move, so a cycle cut short anywhere (a crash,
// a stop, a network failure) loses nothing and repeats nothing but the page in flight.
import { DEFAULT_EXPAND, type AcumaticaEntities } from '../acumatica/entities.ts';
import { eq, or } from '../acumatica/odata-filter.ts';
import { enqueueChanges } from '../delivery/outbox.ts';
import type { ActivityInput, Ledger, OrderKey } from '../store/index.ts';
import { orderCursorName, orderPass, shipmentPass, stockItemPass, type PassSinks } from './entity-passes.ts';
import { CursorStateError, parseCursorState } from './cursor-state.ts';
import { CURSOR_OVERLAP_MS, NO_DATE_HEADER_OVERLAP_MS, runIncrementalPass, type PassCursorStore, type PassSpec, type ServerClockAhead } from './incremental-pass.ts';
import { decodePage, scanPage, type ListEntity, type RejectedRecord } from './page-decode.ts';
import { PendingSkus } from './pending-skus.ts';

export interface SyncScope {
  orderTypes: readonly string[];
  orderStatuses: readonly string[];
  shipmentStatuses: readonly string[];
  firstRunDays: number;
  /** Records per request; the default suits Acumatica, tests use small pages to exercise paging. */
  pageSize?: number;
  /** Delivery destinations: every imported or updated record gets a job per destination. */
  destinations?: readonly string[];
}

export interface CycleCounts {
  orders: { imported: number; updated: number };
  shipments: { imported: number; updated: number };
  stockItems: { refreshed: number };
  rejected: number;
}

export interface CycleHooks {
  /** Orders imported or updated by a page, right after it committed. */
  ordersChanged?(keys: OrderKey[]): void;
  /** Checked between pages: a stop finishes the page in hand and leaves the rest for next time. */
  signal?: { stopped: boolean };
  /**
   * Runs inside each page's transaction before anything is stored; a throw rolls the page back and
   * fails the cycle. The engine refuses there a page read from a company Setup has since left.
   */
  beforeStore?(): void;
}

/** SKUs fetched per request when orders name stock items we have not cached. */
const SKU_BATCH = 20;

export function emptyCounts(): CycleCounts {
  return { orders: { imported: 0, updated: 0 }, shipments: { imported: 0, updated: 0 }, stockItems: { refreshed: 0 }, rejected: 0 };
}

export async function runSyncCycle(
  entities: AcumaticaEntities,
  ledger: Ledger,
  scope: SyncScope,
  now: () => number,
  hooks: CycleHooks = {},
): Promise<CycleCounts> {
  const counts = emptyCounts();
  const orderStatuses = new Set(scope.orderStatuses.map(foldCase));
  const shipmentStatuses = new Set(scope.shipmentStatuses.map(foldCase));
  const pendingSkus = new PendingSkus(ledger);
  const destinations = scope.destinations ?? [];
  // What the page being stored did; merged into `counts` only once its transaction commits.
  let page = { counts: emptyCounts(), changedOrders: [] as OrderKey[] };

  const sinks: PassSinks = {
    orders(items) {
      // A new order must match the status filter; one we already hold is followed whatever its
      // status becomes (on hold, cancelled, completed), so the operator sees the change.
      const accepted = items.filter((order) => orderStatuses.has(foldCase(order.status)) || ledger.orders.hasOrder(order));
      const result = ledger.orders.upsertOrders(accepted);
      page.counts.orders.imported += result.imported;
      page.counts.orders.updated += result.updated;
      page.changedOrders.push(...result.changes.map((change) => change.key));
      // The delivery jobs commit in the same transaction as the import: none is lost or doubled.
      const written = new Set(result.changes.map((change) => `${change.key.orderType}/${change.key.orderNbr}`));
      enqueueChanges(ledger, destinations, { orders: accepted.filter((o) => written.has(`${o.orderType}/${o.orderNbr}`)), shipments: [] });
      pendingSkus.addUncached(accepted.flatMap((order) => order.lines.map((line) => line.inventoryId)));
    },
    shipments(items) {
      const accepted = items.filter((shipment) => shipmentStatuses.has(foldCase(shipment.status)) || ledger.shipments.hasShipment(shipment.shipmentNbr));
      const result = ledger.shipments.upsertShipments(accepted);
      page.counts.shipments.imported += result.imported;
      page.counts.shipments.updated += result.updated;
      const written = new Set(result.changes.map((change) => change.key.shipmentNbr));
      enqueueChanges(ledger, destinations, { orders: [], shipments: accepted.filter((s) => written.has(s.shipmentNbr)) });
    },
    stockItems(items) {
      // Refresh only what the cache holds: the connector needs the SKUs its orders use, not the catalogue.
      const cached = ledger.stockItems.findByInventoryIds(items.map((item) => item.inventoryId));
      page.counts.stockItems.refreshed += ledger.stockItems.upsertStockItems(items.filter((item) => cached.has(item.inventoryId))).updated;
    },
    reject(entity, record) {
      counts.rejected += 1;
      ledger.activity.record({
        level: 'error',
        kind: 'sync.record-rejected',
        message: `Skipped a ${entity} record Acumatica sent in an unexpected shape: ${record.message}`,
        details: { entity, id: record.id },
      });
    },
  };

  const cursors: PassCursorStore = {
    get: (name) => ledger.cursors.getCursor(name)?.value,
    commit(name, cursor, storePage) {
      page = { counts: emptyCounts(), changedOrders: [] };
      ledger.transaction(() => {
        hooks.beforeStore?.();
        storePage();
        ledger.cursors.setCursor(name, cursor);
      });
      addCounts(counts, page.counts);
      if (page.changedOrders.length > 0) hooks.ordersChanged?.(page.changedOrders);
    },
  };

  const initialSince = new Date(now() - scope.firstRunDays * 24 * 60 * 60_000).toISOString();
  const passes: PassSpec<ListEntity>[] = [
    orderPass(scope.orderTypes, sinks, scope.pageSize),
    shipmentPass(sinks, scope.pageSize),
    stockItemPass(sinks, scope.pageSize),
  ] as PassSpec<ListEntity>[];
  const serverClockAhead = (ahead: ServerClockAhead) => noteServerClockAhead(ledger, now(), ahead);
  // Acumatica's clock as the daily retention checks this computer's against. An answer without a
  // Date header leaves nothing to check: the reading before it goes (else retention, seeing no
  // answer for weeks, would stop for good behind a proxy that drops the header).
  const serverDateSeen = (reading: { serverAt: number; localAt: number }) => ledger.serverClock.record(reading);
  const noServerDate = (entity: ListEntity) => {
    ledger.serverClock.forget();
    noteNoServerDate(ledger, now(), entity);
  };
  for (const pass of passes) {
    await runIncrementalPass(pass, entities.client, cursors, { initialSince, now, signal: hooks.signal, serverClockAhead, noServerDate, serverDateSeen });
    if (hooks.signal?.stopped) return counts;
  }
  counts.stockItems.refreshed += await cacheNewSkus(entities, ledger, pendingSkus, (record) => sinks.reject('StockItem', record), hooks.beforeStore);
  return counts;
}

const CLOCK_AHEAD_KIND = 'sync.server-clock-ahead';
const DAY_MS = 24 * 60 * 60_000;

/**
 * Says once a day that the cursor follows this computer's clock because Acumatica's `Date` header
 * is ahead of it (see cursorBase in incremental-pass.ts): nothing is skipped, but each cycle reads
 * changes again, and one of the two clocks wants setting right.
 */
function noteServerClockAhead(ledger: Ledger, now: number, { entity, serverDate, aheadMs }: ServerClockAhead): void {
  warnAtMostDaily(ledger, now, {
    kind: CLOCK_AHEAD_KIND,
    message:
      `Acumatica's clock (the Date header of its ${entity} list, ${serverDate}) is ${duration(aheadMs)} ahead of this computer's. ` +
      `So that no change is skipped, the sync position follows this computer's clock, less ${duration(CURSOR_OVERLAP_MS)}. ` +
      'Set the clock right on the Acumatica server (or the proxy in front of it), or on this computer if it is the one behind: until then each cycle reads recent changes again.',
    details: { entity, serverDate, aheadMs },
  });
}

const NO_SERVER_DATE_KIND = 'sync.no-server-date';

/**
 * Says once a day that the cursor follows this computer's clock because Acumatica's answer had no
 * `Date` header we could read (a proxy that drops or rewrites it). The 15-minute overlap covers a
 * clock a little off; a PC left unattended for months whose clock drifts, or is set, further ahead
 * of Acumatica's than that would skip the changes in between for good, and nothing else would say so.
 */
function noteNoServerDate(ledger: Ledger, now: number, entity: ListEntity): void {
  warnAtMostDaily(ledger, now, {
    kind: NO_SERVER_DATE_KIND,
    message:
      `Acumatica's answer to the ${entity} list had no Date header the connector could read, so the sync position follows this computer's clock, less ${duration(NO_DATE_HEADER_OVERLAP_MS)}. ` +
      `If this computer's clock runs more than ${duration(NO_DATE_HEADER_OVERLAP_MS)} ahead of Acumatica's, changes made in between are missed: keep its clock set automatically, ` +
      'or have the proxy in front of Acumatica pass its Date header on.',
    details: { entity },
  });
}

/** A warning of a state that lasts (a clock off, a header missing): once a day, not every cycle. */
function warnAtMostDaily(ledger: Ledger, now: number, entry: Omit<ActivityInput, 'level'>): void {
  if (ledger.activity.listKindSince(entry.kind, now - DAY_MS, { limit: 1 }).length > 0) return;
  ledger.activity.record({ level: 'warn', ...entry });
}

function duration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 120) return `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} hours` : `${Math.round(hours / 24)} days`;
}

/**
 * Re-import from a date: every partition's next pass starts there (the ledger skips what it holds),
 * or where it already stood if that is earlier. A connector that was off for a week and is told to
 * re-import "since yesterday" has six days it has not read yet; moving its cursor forward to
 * yesterday would skip them for good. An unreadable cursor is replaced (its error says to do this).
 */
export function rewindCursors(ledger: Ledger, scope: Pick<SyncScope, 'orderTypes'>, sinceIso: string): void {
  const names = [orderCursorName(scope.orderTypes), 'Shipment', 'StockItem'];
  ledger.transaction(() => {
    for (const name of names) {
      const stored = storedSince(name, ledger.cursors.getCursor(name)?.value);
      const since = stored !== null && Date.parse(stored) < Date.parse(sinceIso) ? stored : sinceIso;
      // Always a fresh pass: one in progress has read the keys before its position already.
      ledger.cursors.setCursor(name, JSON.stringify({ since, pass: null }));
    }
  });
}

function storedSince(name: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  try {
    const { since } = parseCursorState(name, value);
    return Number.isNaN(Date.parse(since)) ? null : since;
  } catch (error) {
    if (error instanceof CursorStateError) return null;
    throw error;
  }
}

/**
 * A status as Acumatica compares text (case-insensitively, as SQL Server does): a filter typed
 * "open" must match "Open", not silently import no new order at all.
 */
function foldCase(status: string): string {
  return status.toUpperCase();
}

function addCounts(total: CycleCounts, delta: CycleCounts): void {
  total.orders.imported += delta.orders.imported;
  total.orders.updated += delta.orders.updated;
  total.shipments.imported += delta.shipments.imported;
  total.shipments.updated += delta.shipments.updated;
  total.stockItems.refreshed += delta.stockItems.refreshed;
}

/**
 * Fetch the stock items that orders name but the cache lacks, in small `or` batches. Read record
 * by record like a pass's page: one broken stock item is skipped and named, and the others of its
 * batch are cached, rather than the cycle failing (and backing off) whenever an order names it.
 * Each batch leaves the pending list in the transaction that caches what it found.
 */
async function cacheNewSkus(
  entities: AcumaticaEntities,
  ledger: Ledger,
  pending: PendingSkus,
  reject: (record: RejectedRecord) => void,
  beforeStore?: () => void,
): Promise<number> {
  const missing = pending.list();
  let stored = 0;
  for (let i = 0; i < missing.length; i += SKU_BATCH) {
    const batch = missing.slice(i, i + SKU_BATCH);
    const filter = or(...batch.map((sku) => eq('InventoryID', sku)));
    const { body } = await entities.client.listText('StockItem', { filter, top: batch.length, expand: DEFAULT_EXPAND.StockItem });
    const found = decodePage(scanPage('StockItem', body));
    for (const record of found.rejected) reject(record);
    ledger.transaction(() => {
      beforeStore?.();
      stored += ledger.stockItems.upsertStockItems(found.items).imported;
      pending.looked(batch);
    });
  }
  return stored;
}
