// The order log's rows: pages from listOrders (newest first) merged with the live 'orders' events.
// An order that changes again moves to the top; the list never holds one order twice.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ConnectorApi, OrderSummary } from '../../../preload/api.ts';
import { byNewestChange, orderKey } from '../orders/order-key.ts';
import { loadedOrder, type LoadedOrder } from '../orders/order-search.ts';

export const ORDER_PAGE_SIZE = 1000;

export interface OrdersState {
  rows: readonly LoadedOrder[];
  /** Orders the engine holds in all, including those not loaded yet. */
  total: number;
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  loadMore: () => void;
}

interface Loaded {
  rows: LoadedOrder[];
  total: number;
  /** How far into the engine's list the pages reached; live arrivals push it along. */
  offset: number;
  exhausted: boolean;
}

const EMPTY: Loaded = { rows: [], total: 0, offset: 0, exhausted: false };

/**
 * Live orders go on top. Only a first import grows the engine's list; an update of an order not
 * loaded yet is shown but not counted, so the next page may repeat a row (dropped) rather than
 * skip one.
 */
export function mergeLive(state: Loaded, batch: readonly OrderSummary[]): Loaded {
  if (batch.length === 0) return state;
  const incoming = new Map<string, LoadedOrder>();
  for (const order of batch) incoming.set(orderKey(order), loadedOrder(order));
  const known = new Set<string>();
  const rest = state.rows.filter((order) => {
    const key = orderKey(order);
    if (!incoming.has(key)) return true;
    known.add(key);
    return false;
  });
  const fresh = [...incoming.values()].sort(byNewestChange);
  let added = 0;
  for (const [key, order] of incoming) if (!known.has(key) && order.importedAt === order.updatedAt) added += 1;
  return { ...state, rows: [...fresh, ...rest], total: Math.max(state.total + added, state.rows.length - known.size + fresh.length), offset: state.offset + added };
}

export function mergePage(state: Loaded, page: readonly OrderSummary[], total: number, limit: number): Loaded {
  const seen = new Set(state.rows.map(orderKey));
  const appended = page.filter((order) => !seen.has(orderKey(order))).map(loadedOrder);
  return {
    rows: appended.length === 0 ? state.rows : [...state.rows, ...appended],
    total: Math.max(total, state.rows.length + appended.length),
    offset: state.offset + page.length,
    exhausted: page.length < limit,
  };
}

export function useOrders(api: ConnectorApi, pageSize = ORDER_PAGE_SIZE): OrdersState {
  const [loaded, setLoaded] = useState<Loaded>(EMPTY);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  // The truth lives in a ref so a page request reads the current offset; state mirrors it to render.
  const current = useRef<Loaded>(EMPTY);
  const generation = useRef(0);
  const inFlight = useRef<number | null>(null);

  const update = useCallback((change: (state: Loaded) => Loaded) => {
    current.current = change(current.current);
    setLoaded(current.current);
  }, []);

  const fetchPage = useCallback(() => {
    const gen = generation.current;
    if (inFlight.current === gen || current.current.exhausted) return;
    inFlight.current = gen;
    setLoading(true);
    api.listOrders({ limit: pageSize, offset: current.current.offset }).then(
      ({ orders, total }) => {
        if (gen !== generation.current) return;
        inFlight.current = null;
        update((state) => mergePage(state, orders, total, pageSize));
        setError(null);
        setLoading(false);
      },
      (failure: unknown) => {
        if (gen !== generation.current) return;
        inFlight.current = null;
        setError(failure instanceof Error ? failure.message : String(failure));
        setLoading(false);
      },
    );
  }, [api, pageSize, update]);

  useEffect(() => {
    generation.current += 1;
    inFlight.current = null;
    update(() => EMPTY);
    const off = api.on('orders', (batch) => update((state) => mergeLive(state, batch)));
    fetchPage();
    return () => {
      generation.current += 1;
      off();
    };
  }, [api, fetchPage, update]);

  return {
    rows: loaded.rows,
    total: loaded.total,
    loading,
    error,
    hasMore: !loaded.exhausted,
    loadMore: fetchPage,
  };
}
