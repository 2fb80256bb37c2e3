// 100,000 orders in a grid that keeps only the visible rows (plus a few) in the DOM. The grid holds
// the focus and points at the active row with aria-activedescendant; arrows, Page keys, Home and End
// move it, Enter opens the order.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { OrderSummary } from '../../../preload/api.ts';
import { orderKey } from './order-key.ts';
import { OrderRow, rowId } from './OrderRow.tsx';

export const ROW_HEIGHT = 36;

export interface OrderGridProps {
  orders: readonly OrderSummary[];
  onOpen: (order: OrderSummary) => void;
  /** Called when the last rows come into view, to load the next page. */
  onNearEnd?: () => void;
  gridRef?: Ref<HTMLDivElement>;
  /** Rows kept beyond the visible ones; small enough that the DOM stays light. */
  overscan?: number;
}

interface ActiveRow {
  index: number;
  /** Null until the operator moves or opens a row: the newest order (on top) is active. */
  order: Pick<OrderSummary, 'orderType' | 'orderNbr'> | null;
}

/**
 * The active row's position, found again by its order: live orders arrive on top and push the rest
 * down, and a position alone would move the highlight (and Enter) to another order. One pass of two
 * string compares, only when the order is no longer where it was; an order filtered out keeps the
 * position.
 */
function activeIndexOf(orders: readonly OrderSummary[], active: ActiveRow): number {
  const at = Math.min(active.index, Math.max(orders.length - 1, 0));
  const { order } = active;
  if (order === null) return at;
  const same = (candidate: OrderSummary | undefined) => candidate !== undefined && candidate.orderNbr === order.orderNbr && candidate.orderType === order.orderType;
  if (same(orders[active.index])) return active.index;
  const found = orders.findIndex(same);
  return found === -1 ? at : found;
}

export function OrderGrid({ orders, onOpen, onNearEnd, gridRef, overscan = 10 }: OrderGridProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState<ActiveRow>({ index: 0, order: null });
  // The virtualizer keys its items by index: it lays out every row again whenever a key function
  // or the count changes, and an order's key string per row cost ~50 ms per keystroke over 100,000.
  // Rows are all ROW_HEIGHT and never measured, so the index is all it needs; React keys the few
  // rendered rows by order below.
  const virtualizer = useVirtualizer({
    count: orders.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan,
  });
  const items = virtualizer.getVirtualItems();
  const activeIndex = useMemo(() => activeIndexOf(orders, active), [orders, active]);
  const lastRendered = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (onNearEnd && orders.length > 0 && lastRendered >= orders.length - overscan * 2) onNearEnd();
  }, [lastRendered, orders.length, onNearEnd, overscan]);

  function move(to: number) {
    const next = Math.max(0, Math.min(orders.length - 1, to));
    setActive({ index: next, order: orders[next] ?? null });
    virtualizer.scrollToIndex(next, { align: 'auto' });
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const keys: Record<string, () => void> = {
      ArrowDown: () => move(activeIndex + 1),
      ArrowUp: () => move(activeIndex - 1),
      PageDown: () => move(activeIndex + page),
      PageUp: () => move(activeIndex - page),
      Home: () => move(0),
      End: () => move(orders.length - 1),
      Enter: () => {
        const order = orders[activeIndex];
        if (order) onOpen(order);
      },
    };
    const handler = keys[event.key];
    if (handler && orders.length > 0) {
      event.preventDefault();
      handler();
    }
  }

  const activeRendered = items.some((item) => item.index === activeIndex);
  return (
    <div
      ref={gridRef}
      role="grid"
      className="order-grid"
      aria-label="Orders, newest first"
      aria-rowcount={orders.length + 1}
      aria-colcount={6}
      tabIndex={0}
      aria-activedescendant={orders.length > 0 && activeRendered ? rowId(activeIndex) : undefined}
      onKeyDown={onKeyDown}
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="grid-row">
          <span role="columnheader" className="col-time">Time</span>
          <span role="columnheader" className="col-order">Order</span>
          <span role="columnheader" className="col-customer">Customer</span>
          <span role="columnheader" className="col-city">Ship-to city</span>
          <span role="columnheader" className="col-lines">Lines</span>
          <span role="columnheader" className="col-status">Status</span>
        </div>
      </div>
      <div role="rowgroup" className="grid-body" ref={scrollRef}>
        <div className="grid-spacer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const order = orders[item.index];
            if (!order) return null;
            return (
              <OrderRow
                key={orderKey(order)}
                order={order}
                index={item.index}
                active={item.index === activeIndex}
                style={{ height: item.size, transform: `translateY(${item.start}px)` }}
                onOpen={(index) => {
                  setActive({ index, order });
                  onOpen(order);
                }}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
