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

/**
 * Builds the search texts of rows that arrived, a slice at a time between frames, so the first
 * keystroke after 100,000 rows loaded does not pay for all of them. Returns a cancel function.
 */
export function warmSearchTexts(rows: readonly OrderSummary[], slice = 5_000): () => void {
  let index = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const step = () => {
    const end = Math.min(rows.length, index + slice);
    // Matching against a needle no row holds also warms the match path itself, so the first
    // keystroke runs optimised code rather than paying for the JIT.
    for (; index < end; index += 1) matchesFilter(rows[index]!, '\u0001', null);
    timer = index < rows.length ? setTimeout(step, 0) : null;
  };
  timer = setTimeout(step, 0);
  return () => {
    if (timer !== null) clearTimeout(timer);
  };
}

export function matchesFilter(order: OrderSummary, text: string, status: string | null): boolean {
  if (status !== null && order.status !== status) return false;
  if (text === '') return true;
  return searchText(order).includes(text);
}
