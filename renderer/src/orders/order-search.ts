import type { OrderSummary } from '../../../preload/api.ts';

/** An order as the log holds it: with its searchable text, lower-cased once when it arrived. */
export interface LoadedOrder extends OrderSummary {
  readonly searchText: string;
}

// The text is built when a row arrives rather than on the first keystroke, so a filter edit over
// 100,000 rows is one `includes` per row: no string building, no lookup in a side table (a
// WeakMap lookup per row was ~2/3 of a 20 ms filter pass).
export function loadedOrder(order: OrderSummary): LoadedOrder {
  // The separator cannot be typed into the filter, so no match spans two fields.
  const searchText = `${order.orderType} ${order.orderNbr}\u0000${order.customerId ?? ''}\u0000${order.shipToCity ?? ''}`.toLowerCase();
  return { ...order, searchText };
}

export function matchesFilter(order: LoadedOrder, text: string, status: string | null): boolean {
  if (status !== null && order.status !== status) return false;
  return text === '' || order.searchText.includes(text);
}
