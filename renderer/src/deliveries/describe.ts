// Delivery jobs and tracking targets in the operator's words.
import type { DeliveryJob, TrackingView } from '../../../preload/api.ts';

/** The engine keys an order as `SO/000123` and a shipment by its number. */
export function recordText(job: Pick<DeliveryJob, 'entity' | 'recordKey'>): string {
  return job.entity === 'order' ? `Order ${job.recordKey.replace('/', ' ')}` : `Shipment ${job.recordKey}`;
}

export function targetText(target: TrackingView['target']): string {
  return target.kind === 'shipment' ? `Shipment ${target.shipmentNbr}` : `Order ${target.orderType} ${target.orderNbr}`;
}
