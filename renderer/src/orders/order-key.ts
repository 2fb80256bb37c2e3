import type { OrderSummary } from '../../../preload/api.ts';

export function orderKey(order: Pick<OrderSummary, 'orderType' | 'orderNbr'>): string {
  return `${order.orderType}\u0000${order.orderNbr}`;
}

/** Newest change first; ISO strings with different offsets are compared as instants. */
export function byNewestChange(a: OrderSummary, b: OrderSummary): number {
  return (Date.parse(b.updatedAt) || 0) - (Date.parse(a.updatedAt) || 0);
}

export function matchesFilter(order: OrderSummary, text: string, status: string | null): boolean {
  if (status !== null && order.status !== status) return false;
  if (text === '') return true;
  return (
    `${order.orderType} ${order.orderNbr}`.toLowerCase().includes(text) ||
    order.orderNbr.toLowerCase().includes(text) ||
    (order.customerId?.toLowerCase().includes(text) ?? false) ||
    (order.shipToCity?.toLowerCase().includes(text) ?? false)
  );
}
