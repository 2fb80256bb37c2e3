import { describe, expect, it } from 'vitest';
import { loadedOrder, matchesFilter } from '../../../renderer/src/orders/order-search.ts';
import { makeOrder } from './fake-transport.ts';

describe('order search text', () => {
  const source = makeOrder(17, { orderType: 'SO', orderNbr: 'SO100017', customerId: 'ACME', shipToCity: 'Salt Lake City', status: 'Back Order' });
  const order = loadedOrder(source);

  it('keeps the order as it came and matches type with number, customer and city, ignoring case', () => {
    expect(order).toMatchObject(source);
    for (const needle of ['so so100017', 'acme', 'salt lake', '100017']) expect(matchesFilter(order, needle, null)).toBe(true);
    expect(matchesFilter(order, 'denver', null)).toBe(false);
  });

  it('never matches across two fields', () => {
    expect(matchesFilter(order, '100017 acme', null)).toBe(false);
    expect(matchesFilter(order, 'acmesalt', null)).toBe(false);
  });

  it('filters by status alone or with text', () => {
    expect(matchesFilter(order, '', 'Back Order')).toBe(true);
    expect(matchesFilter(order, 'acme', 'Open')).toBe(false);
  });

  it('searches a missing customer or city as empty text', () => {
    const bare = loadedOrder(makeOrder(3, { customerId: null, shipToCity: null }));
    expect(matchesFilter(bare, 'so1000', null)).toBe(true);
    expect(matchesFilter(bare, 'null', null)).toBe(false);
  });
});
