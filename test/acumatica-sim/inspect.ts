// Read-only views for tests: what the simulator received and what state it is in. Records are
// returned as copies, so a test cannot change the simulator by accident.
import type { SimState } from './context.ts';
import { orderKey, shipmentKey, stockItemKey } from './data/database.ts';
import type { OrderRecord, PackageRecord, ShipmentRecord, StockItemRecord } from './data/model.ts';
import { matchesRequest, type RequestLogEntry, type RequestMatch } from './http/request-log.ts';
import type { GrantLogEntry } from './identity/token-endpoint.ts';
import { openSessions, type ApiSession } from './identity/token-store.ts';
import { idleMs } from './identity/token-endpoint.ts';

export interface SimInspect {
  requests(match?: RequestMatch): RequestLogEntry[];
  count(match?: RequestMatch): number;
  /** Requests per "METHOD /relative/path". */
  counters(): Record<string, number>;
  grants(type?: GrantLogEntry['type']): GrantLogEntry[];
  /** Every access and refresh token value issued since start or reset (for leak scans). */
  issuedTokens(): { access: string[]; refresh: string[] };
  openSessions(): ApiSession[];
  allSessions(): ApiSession[];
  order(orderType: string, orderNbr: string): OrderRecord | undefined;
  shipment(shipmentNbr: string): ShipmentRecord | undefined;
  stockItem(inventoryId: string): StockItemRecord | undefined;
  shipmentPackages(shipmentNbr: string): PackageRecord[];
  /** Every order in key order. Live records: read, do not change (use sim.admin). */
  orders(): readonly OrderRecord[];
  shipments(): readonly ShipmentRecord[];
  stockItems(): readonly StockItemRecord[];
  /** Forgets the request log (grants and sessions stay). */
  clearRequests(): void;
}

export function createInspect(state: () => SimState, log: () => RequestLogEntry[], clearLog: () => void): SimInspect {
  return {
    requests: (match = {}) => log().filter((e) => matchesRequest(e, match)).map((e) => ({ ...e, query: { ...e.query }, faults: [...e.faults] })),
    count: (match = {}) => log().filter((e) => matchesRequest(e, match)).length,
    counters: () => {
      const out: Record<string, number> = {};
      for (const e of log()) {
        const key = `${e.method} ${e.relativePath}`;
        out[key] = (out[key] ?? 0) + 1;
      }
      return out;
    },
    grants: (type) => state().grants.filter((g) => type === undefined || g.type === type).map((g) => ({ ...g })),
    issuedTokens: () => ({ access: [...state().tokens.accessTokens.keys()], refresh: [...state().tokens.refreshTokens.keys()] }),
    openSessions: () => {
      const s = state();
      return openSessions(s.tokens, s.clock.now(), idleMs(s.settings)).map((x) => ({ ...x }));
    },
    allSessions: () => [...state().tokens.sessions.values()].map((x) => ({ ...x })),
    order: (type, nbr) => clone(state().db.orders.get(orderKey(type, nbr))),
    shipment: (nbr) => clone(state().db.shipments.get(shipmentKey(nbr))),
    stockItem: (id) => clone(state().db.stockItems.get(stockItemKey(id))),
    shipmentPackages: (nbr) => clone(state().db.shipments.get(shipmentKey(nbr)))?.packages ?? [],
    orders: () => state().db.orders.all(),
    shipments: () => state().db.shipments.all(),
    stockItems: () => state().db.stockItems.all(),
    clearRequests: clearLog,
  };
}

function clone<T>(value: T | undefined): T | undefined {
  return value === undefined ? undefined : structuredClone(value);
}
