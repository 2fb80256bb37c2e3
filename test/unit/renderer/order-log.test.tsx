// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { OrderDetail, OrderSummary } from '../../../preload/api.ts';
import { OrderGrid, ROW_HEIGHT } from '../../../renderer/src/orders/OrderGrid.tsx';
import { OrderLog } from '../../../renderer/src/orders/OrderLog.tsx';
import { fakeConnector, makeOrder, makeOrders } from './fake-transport.ts';
import { fakeLayout, renderWithApi } from './render-helpers.tsx';

let restoreLayout: () => void;
beforeEach(() => {
  restoreLayout = fakeLayout(600);
});
afterEach(() => restoreLayout());

function detailOf(order: OrderSummary): OrderDetail {
  return {
    ...order,
    date: '2026-11-28T00:00:00-05:00',
    customerOrder: 'PO-77',
    shipVia: 'UPSGROUND',
    shipTo: { addressLine1: '1 Main St', addressLine2: null, city: order.shipToCity, state: 'CO', postalCode: '80202', country: 'US' },
    lines: [{ lineNbr: 1, inventoryId: 'WIDGET-01', description: 'Blue widget', quantity: 3, uom: 'EA', warehouseId: 'WH1' }],
    timeline: [{ at: order.importedAt, kind: 'imported', message: 'Imported from Acumatica' }],
  };
}

function serve(all: OrderSummary[]) {
  return fakeConnector({
    listOrders: ({ limit, offset }) => ({ orders: all.slice(offset, offset + limit), total: all.length }),
    getOrder: ({ orderType, orderNbr }) => {
      const found = all.find((order) => order.orderType === orderType && order.orderNbr === orderNbr);
      return found ? detailOf(found) : null;
    },
  });
}

const rowsInDom = () => document.querySelectorAll('.grid-body [role=row]');
const orderCells = () => [...document.querySelectorAll('.grid-body .col-order')].map((cell) => cell.firstChild?.textContent);

describe('virtualised order grid', () => {
  it('keeps at most 200 rows in the DOM with 100,000 orders, wherever it is scrolled', async () => {
    const orders = makeOrders(100_000);
    renderWithApi(fakeConnector().api, <OrderGrid orders={orders} onOpen={() => {}} />);
    expect(screen.getByRole('grid').getAttribute('aria-rowcount')).toBe('100001');
    expect(rowsInDom().length).toBeGreaterThan(10);
    expect(rowsInDom().length).toBeLessThanOrEqual(200);
    expect(document.querySelector('.grid-spacer')?.getAttribute('style')).toContain(`height: ${100_000 * ROW_HEIGHT}px`);

    const body = document.querySelector('.grid-body') as HTMLElement;
    body.scrollTop = 50_000 * ROW_HEIGHT;
    fireEvent.scroll(body);
    await waitFor(() => expect(orderCells()).toContain(`SO ${orders[50_000]!.orderNbr}`));
    expect(rowsInDom().length).toBeLessThanOrEqual(200);
    expect(orderCells()).not.toContain(`SO ${orders[0]!.orderNbr}`);
  });

  it('moves the active row with the keyboard and opens it with Enter', async () => {
    const orders = makeOrders(1000);
    const opened: string[] = [];
    renderWithApi(fakeConnector().api, <OrderGrid orders={orders} onOpen={(order) => opened.push(order.orderNbr)} />);
    const user = userEvent.setup();
    const grid = screen.getByRole('grid');
    grid.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(grid.getAttribute('aria-activedescendant')).toBe('order-row-2');
    await user.keyboard('{Enter}');
    expect(opened).toEqual([orders[2]!.orderNbr]);
    await user.keyboard('{End}');
    await waitFor(() => expect(grid.getAttribute('aria-activedescendant')).toBe('order-row-999'));
  });
});

describe('order log', () => {
  it('lists loaded orders newest first with type and number, customer, city, lines and status', async () => {
    const all = makeOrders(12);
    renderWithApi(serve(all).api, <OrderLog />);
    await waitFor(() => expect(rowsInDom().length).toBe(12));
    const first = rowsInDom()[0] as HTMLElement;
    const cells = within(first).getAllByRole('gridcell').map((cell) => cell.textContent);
    expect(cells.slice(1)).toEqual(['SO SO100000', 'CUST0', 'Denver', '1', 'Open']);
    expect(screen.getByText('12 of 12 loaded')).toBeTruthy();
  });

  it('puts streamed orders on top, and moves an updated order up without duplicating it', async () => {
    const all = makeOrders(5);
    const fake = serve(all);
    renderWithApi(fake.api, <OrderLog />);
    await waitFor(() => expect(rowsInDom().length).toBe(5));
    const later = new Date(Date.UTC(2026, 10, 29)).toISOString();
    act(() => fake.emit('orders', [makeOrder(900, { orderNbr: 'SO999999', importedAt: later, updatedAt: later }), { ...all[3]!, status: 'Completed', updatedAt: later }]));
    await waitFor(() => expect(rowsInDom().length).toBe(6));
    expect(orderCells().slice(0, 2).sort()).toEqual(['SO SO100003', 'SO SO999999']);
    expect(orderCells().filter((text) => text === 'SO SO100003')).toHaveLength(1);
    expect(screen.getByText('6 of 6 loaded')).toBeTruthy();
    expect(document.querySelector('.grid-body .tag')?.textContent).toBe('updated');
  });

  it('keeps the active row on its order when new orders stream in above it, and Enter opens that one', async () => {
    const all = makeOrders(5);
    const fake = serve(all);
    renderWithApi(fake.api, <OrderLog />);
    await waitFor(() => expect(rowsInDom().length).toBe(5));
    const user = userEvent.setup();
    const grid = screen.getByRole('grid');
    grid.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    const activeOrder = () => document.getElementById(grid.getAttribute('aria-activedescendant') ?? '')?.querySelector('.col-order')?.firstChild?.textContent;
    expect(activeOrder()).toBe('SO SO100002');
    const later = new Date(Date.UTC(2026, 10, 29)).toISOString();
    act(() => fake.emit('orders', [makeOrder(900, { orderNbr: 'SO999999', importedAt: later, updatedAt: later })]));
    await waitFor(() => expect(rowsInDom().length).toBe(6));
    expect(activeOrder()).toBe('SO SO100002');
    await user.keyboard('{Enter}');
    await screen.findByRole('dialog', { name: 'Order SO SO100002' });
  });

  it('filters the loaded rows by text and by status', async () => {
    const all = makeOrders(20);
    renderWithApi(serve(all).api, <OrderLog />);
    await waitFor(() => expect(rowsInDom().length).toBe(20));
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Find'), 'portland');
    await waitFor(() => expect(rowsInDom().length).toBe(all.filter((order) => order.shipToCity === 'Portland').length));
    expect(screen.getByText(`${rowsInDom().length} match of 20 loaded`)).toBeTruthy();
    await user.clear(screen.getByLabelText('Find'));
    await user.type(screen.getByLabelText('Find'), 'so100017');
    await waitFor(() => expect(orderCells()).toEqual(['SO SO100017']));
    await user.clear(screen.getByLabelText('Find'));
    await user.selectOptions(screen.getByLabelText('Status'), 'Back Order');
    await waitFor(() => expect(rowsInDom().length).toBe(5));
    for (const row of rowsInDom()) expect(row.querySelector('.col-status')?.textContent).toBe('Back Order');
  });

  it('offers older orders for a filter matching none only while older ones are left to load', async () => {
    const all = makeOrders(20);
    renderWithApi(serve(all).api, <OrderLog />);
    await waitFor(() => expect(rowsInDom().length).toBe(20));
    await userEvent.setup().type(screen.getByLabelText('Find'), 'no such order');
    expect(await screen.findByText('No order matches. Clear the filter to see them all.')).toBeTruthy();
    expect(screen.queryByText(/load older orders/)).toBeNull();
  });

  it('loads the next page as the end of the list comes into view', async () => {
    const all = makeOrders(250);
    const fake = serve(all);
    renderWithApi(fake.api, <OrderLog pageSize={100} />);
    await waitFor(() => expect(screen.getByText('100 of 250 loaded')).toBeTruthy());
    const body = document.querySelector('.grid-body') as HTMLElement;
    body.scrollTo({ top: 100 * ROW_HEIGHT });
    await waitFor(() => expect(screen.getByText('200 of 250 loaded')).toBeTruthy());
    body.scrollTo({ top: 200 * ROW_HEIGHT });
    await waitFor(() => expect(screen.getByText('250 of 250 loaded')).toBeTruthy());
    expect(fake.callsOf('listOrders')).toEqual([{ limit: 100, offset: 0 }, { limit: 100, offset: 100 }, { limit: 100, offset: 200 }]);
  });

  it('opens the drawer with lines, ship-to and timeline, and Escape closes it back to the grid', async () => {
    const all = makeOrders(3);
    renderWithApi(serve(all).api, <OrderLog />);
    await waitFor(() => expect(rowsInDom().length).toBe(3));
    const user = userEvent.setup();
    await user.click(rowsInDom()[1] as HTMLElement);
    const drawer = await screen.findByRole('dialog', { name: 'Order SO SO100001' });
    await within(drawer).findByText('WIDGET-01');
    expect(drawer.textContent).toMatch(/Blue widget/);
    expect(within(drawer).getByText('1 Main St')).toBeTruthy();
    expect(drawer.textContent).toMatch(/Austin CO 80202/);
    expect(drawer.textContent).toMatch(/Imported from Acumatica/);
    // The order's Date as the calendar day Acumatica means, not a raw timestamp.
    expect(drawer.textContent).toMatch(/Date2026-11-28Ship via/);
    expect(document.activeElement).toBe(within(drawer).getByRole('button', { name: 'Close order details' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('grid'));
  });

  it('shows what a sync did to the open order: the drawer loads it again when a cycle ends', async () => {
    const [order] = makeOrders(1);
    let timeline = [{ at: order!.importedAt, kind: 'tracking.queued', message: 'Tracking 1Z999 queued for writeback.' }];
    const fake = fakeConnector({ listOrders: () => ({ orders: [order!], total: 1 }), getOrder: () => ({ ...detailOf(order!), timeline }) });
    renderWithApi(fake.api, <OrderLog />);
    await waitFor(() => expect(rowsInDom().length).toBe(1));
    await userEvent.setup().click(rowsInDom()[0] as HTMLElement);
    const drawer = await screen.findByRole('dialog', { name: 'Order SO SO100000' });
    await within(drawer).findByText(/Tracking 1Z999 queued/);
    timeline = [{ at: order!.importedAt, kind: 'tracking.failed', message: 'Tracking 1Z999 failed: the order has no shipment.' }, ...timeline];
    act(() => fake.emit('cycle', { phase: 'finished', at: order!.importedAt, durationMs: 40, requests: 3, orders: { imported: 0, updated: 0 }, shipments: { imported: 0, updated: 0 }, error: null }));
    await within(drawer).findByText(/Tracking 1Z999 failed/);
    // No "Loading…" in between: the order stays on screen while it is read again.
    expect(within(drawer).queryByText('Loading the order…')).toBeNull();
  });

  it('says so when an order has left the ledger', async () => {
    const fake = fakeConnector({ listOrders: () => ({ orders: makeOrders(1), total: 1 }), getOrder: () => null });
    renderWithApi(fake.api, <OrderLog />);
    await waitFor(() => expect(rowsInDom().length).toBe(1));
    await userEvent.setup().click(rowsInDom()[0] as HTMLElement);
    expect(await screen.findByText(/no longer in the connector's ledger/)).toBeTruthy();
  });
});
