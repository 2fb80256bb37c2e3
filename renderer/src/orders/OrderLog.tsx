// The live order log: loaded pages plus streamed orders, filtered on the client so typing stays
// instant over 100,000 rows; older pages load as the operator scrolls.
import { useMemo, useRef, useState } from 'react';
import type { OrderKey, OrderSummary } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { formatCount } from '../format.ts';
import { useOrders } from '../hooks/useOrders.ts';
import { matchesFilter } from './order-search.ts';
import { OrderDrawer } from './OrderDrawer.tsx';
import { OrderGrid } from './OrderGrid.tsx';

export function OrderLog({ pageSize }: { pageSize?: number }) {
  const api = useApi();
  const orders = useOrders(api, pageSize);
  const [text, setText] = useState('');
  const [status, setStatus] = useState<string | null>(null);
  const [open, setOpen] = useState<OrderKey | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  // The filter runs in the keystroke's own render, not deferred (useDeferredValue): a pass is one
  // `includes` per row (~3 ms over 100,000) and the grid renders only the visible rows, so the
  // whole edit fits a frame, while deferring it cost a second render and a frame in between.
  const needle = text.trim().toLowerCase();
  const filtering = needle !== '' || status !== null;

  const statuses = useMemo(() => [...new Set(orders.rows.map((order) => order.status))].sort(), [orders.rows]);
  const shown = useMemo(
    () => (filtering ? orders.rows.filter((order) => matchesFilter(order, needle, status)) : orders.rows),
    [orders.rows, needle, status, filtering],
  );
  const { hasMore, loading, loadMore } = orders;

  return (
    <section className="screen orders" aria-labelledby="orders-heading">
      <h2 id="orders-heading" tabIndex={-1}>
        Orders
      </h2>
      <div className="filter-bar" role="search" aria-label="Filter orders">
        <div className="field field-inline">
          <label htmlFor="order-filter">Find</label>
          <input id="order-filter" type="search" placeholder="Order, customer or city" value={text} onChange={(event) => setText(event.target.value)} />
        </div>
        <div className="field field-inline">
          <label htmlFor="order-status">Status</label>
          <select id="order-status" value={status ?? ''} onChange={(event) => setStatus(event.target.value === '' ? null : event.target.value)}>
            <option value="">All statuses</option>
            {statuses.map((each) => (
              <option key={each} value={each}>
                {each}
              </option>
            ))}
          </select>
        </div>
        <p className="filter-count" aria-live="polite">
          {filtering ? `${formatCount(shown.length)} match of ${formatCount(orders.rows.length)} loaded` : `${formatCount(orders.rows.length)} of ${formatCount(orders.total)} loaded`}
        </p>
      </div>
      {orders.error ? (
        <p className="alert alert-error" role="alert">
          Could not load orders: {orders.error}
        </p>
      ) : null}
      {shown.length === 0 && !loading ? (
        <p className="empty">
          {!filtering
            ? 'No orders imported yet. New orders appear here as they arrive.'
            : hasMore
              ? 'No loaded order matches. Clear the filter or load older orders.'
              : 'No order matches. Clear the filter to see them all.'}
        </p>
      ) : null}
      <OrderGrid
        orders={shown}
        gridRef={gridRef}
        onOpen={(order: OrderSummary) => setOpen({ orderType: order.orderType, orderNbr: order.orderNbr })}
        onNearEnd={filtering || orders.error ? undefined : () => !loading && hasMore && loadMore()}
      />
      {filtering && hasMore ? (
        <button type="button" className="button-secondary" disabled={loading} onClick={loadMore}>
          {loading ? 'Loading…' : 'Search older orders too (load the next page)'}
        </button>
      ) : null}
      {open ? (
        <OrderDrawer
          key={`${open.orderType} ${open.orderNbr}`}
          orderRef={open}
          onClose={() => {
            setOpen(null);
            gridRef.current?.focus();
          }}
        />
      ) : null}
    </section>
  );
}
