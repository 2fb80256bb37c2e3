// Where a tracking number goes (a shipment, or an order) as the activity log files it and as the
// operator reads it, in the same words from the writer, the dismiss action and the command line.
import type { ActivitySubject, TrackingTarget } from '../store/index.ts';

export function trackingSubject(target: TrackingTarget): ActivitySubject {
  return target.kind === 'shipment' ? { type: 'shipment', shipmentNbr: target.shipmentNbr } : { type: 'order', orderType: target.orderType, orderNbr: target.orderNbr };
}

/** "shipment SH000042", "order SO SO000123". */
export function describeTrackingTarget(target: TrackingTarget): string {
  return target.kind === 'shipment' ? `shipment ${target.shipmentNbr}` : `order ${target.orderType} ${target.orderNbr}`;
}
