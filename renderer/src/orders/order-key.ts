import type { OrderSummary } from '../../../preload/api.ts';

export function orderKey(order: Pick<OrderSummary, 'orderType' | 'orderNbr'>): string {
  return `${order.orderType}\u0000${order.orderNbr}`;
}

/** Newest change first; ISO strings with different offsets are compared as instants. */
export function byNewestChange(a: OrderSummary, b: OrderSummary): number {
  return (Date.parse(b.updatedAt) || 0) - (Date.parse(a.updatedAt) || 0);
}

// Each order's searchable text, lower-cased once: a keystroke over 100,000 rows then costs one
// `includes` per row instead of four string allocations (which is what kept typing under 100 ms).
// Orders are immutable records, so caching by object identity is safe and frees with the row.
const searchTexts = new WeakMap<OrderSummary, string>();

function searchText(order: OrderSummary): string {
  let text = searchTexts.get(order);
  if (text === undefined) {
    // The separator cannot be typed into the filter, so no match spans two fields.
    text = `${order.orderType} ${order.orderNbr}\u0000${order.customerId ?? ''}\u0000${order.shipToCity ?? ''}`.toLowerCase();
    searchTexts.set(order, text);
  }
  return text;
}

export function matchesFilter(order: OrderSummary, text: string, status: string | null): boolean {
  if (status !== null && order.status !== status) return false;
  if (text === '') return true;
  return searchText(order).includes(text);
}
