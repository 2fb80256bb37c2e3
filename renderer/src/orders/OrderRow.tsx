import type { CSSProperties } from 'react';
import type { OrderSummary } from '../../../preload/api.ts';
import { formatClock, formatTime } from '../format.ts';

export interface OrderRowProps {
  order: OrderSummary;
  index: number;
  active: boolean;
  style: CSSProperties;
  onOpen: (index: number) => void;
}

export function rowId(index: number): string {
  return `order-row-${index}`;
}

export function OrderRow({ order, index, active, style, onOpen }: OrderRowProps) {
  const updated = order.updatedAt !== order.importedAt;
  return (
    <div
      id={rowId(index)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={active}
      data-index={index}
      className={active ? 'grid-row active' : 'grid-row'}
      style={style}
      onClick={() => onOpen(index)}
    >
      <span role="gridcell" className="col-time" title={formatTime(order.updatedAt)}>
        {formatClock(order.updatedAt)}
      </span>
      <span role="gridcell" className="col-order">
        {`${order.orderType} ${order.orderNbr}`}
        {updated ? <span className="tag">updated</span> : null}
      </span>
      <span role="gridcell" className="col-customer">
        {order.customerId ?? '—'}
      </span>
      <span role="gridcell" className="col-city">
        {order.shipToCity ?? '—'}
      </span>
      <span role="gridcell" className="col-lines">
        {order.lineCount}
      </span>
      <span role="gridcell" className="col-status">
        {order.status}
      </span>
    </div>
  );
}
