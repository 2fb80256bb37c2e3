import type { OrderSummary } from '../../../preload/api.ts';

export function orderKey(order: Pick<OrderSummary, 'orderType' | 'orderNbr'>): string {
  return `${order.orderType}\u0000${order.orderNbr}`;
}

/** Newest change first; ISO strings with different offsets are compared as instants. */
export function byNewestChange(a: OrderSummary, b: OrderSummary): number {
  return (Date.parse(b.updatedAt) || 0) - (Date.parse(a.updatedAt) || 0);
}
