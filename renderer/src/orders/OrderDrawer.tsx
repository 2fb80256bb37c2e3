// One order in a side panel: its lines, where it ships, and what the connector did with it.
import { useEffect, useRef, useState } from 'react';
import type { OrderDetail, OrderKey } from '../../../preload/api.ts';
import { useApi } from '../api/ApiContext.tsx';
import { formatTime } from '../format.ts';
import { TrackingForm } from './TrackingForm.tsx';

type DetailState = { kind: 'loading' } | { kind: 'missing' } | { kind: 'failed'; message: string } | { kind: 'ready'; order: OrderDetail };

function address(order: OrderDetail): string[] {
  const { shipTo } = order;
  const cityLine = [shipTo.city, shipTo.state, shipTo.postalCode].filter(Boolean).join(' ');
  return [shipTo.addressLine1, shipTo.addressLine2, cityLine, shipTo.country].filter((line): line is string => Boolean(line));
}

export function OrderDrawer({ orderRef, onClose }: { orderRef: OrderKey; onClose: () => void }) {
  const api = useApi();
  const [state, setState] = useState<DetailState>({ kind: 'loading' });
  // Bumped after a tracking number is queued or a sync ends, to show what changed without a spinner.
  const [refresh, setRefresh] = useState(0);
  const closeRef = useRef<HTMLButtonElement>(null);
  const { orderType, orderNbr } = orderRef;

  useEffect(() => {
    closeRef.current?.focus();
  }, []);

  // A sync posts or fails its tracking numbers and imports its new versions: an open drawer that
  // kept the first answer showed "queued" for a number that had long failed.
  useEffect(() => api.on('cycle', (event) => event.phase === 'finished' && setRefresh((count) => count + 1)), [api]);

  useEffect(() => {
    let live = true;
    if (refresh === 0) setState({ kind: 'loading' });
    api.getOrder({ orderType, orderNbr }).then(
      (order) => live && setState(order ? { kind: 'ready', order } : { kind: 'missing' }),
      (error: unknown) => live && setState({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [api, orderType, orderNbr, refresh]);

  return (
    <aside
      className="drawer"
      role="dialog"
      aria-modal="false"
      aria-labelledby="drawer-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <header className="drawer-head">
        <h3 id="drawer-title">
          Order {orderType} {orderNbr}
        </h3>
        <button type="button" ref={closeRef} className="button-secondary" onClick={onClose} aria-label="Close order details">
          Close
        </button>
      </header>
      {state.kind === 'loading' ? <p role="status">Loading the order…</p> : null}
      {state.kind === 'missing' ? <p>This order is no longer in the connector's ledger (finished orders are removed after the retention period).</p> : null}
      {state.kind === 'failed' ? (
        <p className="alert alert-error" role="alert">
          {state.message}
        </p>
      ) : null}
      {state.kind === 'ready' ? <OrderBody order={state.order} onQueued={() => setRefresh((count) => count + 1)} /> : null}
    </aside>
  );
}

function OrderBody({ order, onQueued }: { order: OrderDetail; onQueued: () => void }) {
  return (
    <div className="drawer-body">
      <dl className="facts">
        <dt>Status</dt>
        <dd>{order.status}</dd>
        <dt>Customer</dt>
        <dd>{order.customerId ?? '—'}</dd>
        <dt>Customer order</dt>
        <dd>{order.customerOrder ?? '—'}</dd>
        <dt>Date</dt>
        <dd>{order.date === null ? '—' : calendarDate(order.date)}</dd>
        <dt>Ship via</dt>
        <dd>{order.shipVia ?? '—'}</dd>
        <dt>Imported</dt>
        <dd>{formatTime(order.importedAt)}</dd>
      </dl>
      <h4>Ship to</h4>
      <address className="ship-to">
        {address(order).length > 0 ? address(order).map((line) => <div key={line}>{line}</div>) : 'No address on the order.'}
      </address>
      <h4>Lines ({order.lines.length})</h4>
      <table className="lines">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Item</th>
            <th scope="col" className="num">Qty</th>
            <th scope="col">Warehouse</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.lineNbr}>
              <td>{line.lineNbr}</td>
              <td>
                <span className="mono">{line.inventoryId}</span>
                {line.description ? <div className="muted">{line.description}</div> : null}
              </td>
              <td className="num">
                {line.quantity} {line.uom ?? ''}
              </td>
              <td>{line.warehouseId ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <TrackingForm order={{ orderType: order.orderType, orderNbr: order.orderNbr }} onQueued={onQueued} />
      <h4>Timeline</h4>
      <ol className="timeline">
        {order.timeline.map((entry, index) => (
          <li key={`${entry.at}-${index}`}>
            <time dateTime={entry.at}>{formatTime(entry.at)}</time> <span className="tag">{entry.kind}</span> {entry.message}
          </li>
        ))}
      </ol>
    </div>
  );
}

/**
 * Acumatica sends an order's Date as midnight in the instance's time zone
 * ("2026-11-22T00:00:00-05:00"). The day is what it means: shown as written, not converted to this
 * PC's zone, where it could fall on the day before.
 */
function calendarDate(value: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : value;
}
